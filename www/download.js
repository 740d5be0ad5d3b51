// download.js — saving what the page made as files: a Blob URL and an <a download>,
// nothing sent anywhere.

/** Offers `blob` as a download named `filename`. */
export function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Offers `text` as a download (`type`: its MIME type). */
export function downloadText(text, filename, type = 'text/plain') {
  download(new Blob([text], { type: `${type};charset=utf-8` }), filename);
}

/** The canvas as a PNG Blob. */
export function canvasPng(canvas) {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the chart could not be encoded'))), 'image/png');
  });
}
