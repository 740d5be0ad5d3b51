// lesson-claims.mjs — what each lesson tells the learner to notice, checked against the
// numbers behind the page's charts after the lesson's run. A lesson's text is a claim
// about its data: if a change to a model, a data set or a default makes a sentence
// false, this fails and says which.
import assert from 'node:assert/strict';

/** What the page shows after a lesson's run: cv_results_ and the chart data. */
export function factsScript() {
  const { state } = window.__tunelab;
  const { validation, loss, trajectory, regpath, optimism } = state.charts;
  return { cv: state.report.result.cv_results, validation, loss, trajectory, regpath, optimism };
}

/** The candidates' values of `param`, and their mean CV / train scores and stds. */
function table(cv, param) {
  return cv.params.map((p, i) => ({
    x: p[param],
    cv: cv.mean_test_score[i],
    std: cv.std_test_score[i],
    train: cv.mean_train_score?.[i],
  }));
}

/** A loss series' objective at the last recorded iteration ≤ `k`. */
function at(series, k) {
  let v = series.objective[0];
  series.iterations.forEach((it, i) => {
    if (it <= k) v = series.objective[i];
  });
  return v;
}

/** The loss series whose label matches `re`. */
function series(loss, re) {
  const s = loss.series.find((x) => re.test(x.label));
  assert.ok(s, `a loss series ${re} in ${loss.series.map((x) => x.label)}`);
  return s;
}

const last = (a) => a[a.length - 1];

const CLAIMS = {
  degree({ cv, validation }) {
    const rows = table(cv, 'degree').map((r) => ({ ...r, cv: -r.cv, train: -r.train }));
    const best = rows.reduce((a, b) => (b.cv < a.cv ? b : a));
    assert.equal(best.x, 4, 'CV error lowest at degree 4');
    assert.equal(validation.one_se.x, 4, 'the diamond at degree 4');
    for (const d of [3, 5, 6]) {
      const r = rows.find((q) => q.x === d);
      assert.ok(r.cv < 1.5 * best.cv, `degree ${d} close behind (${r.cv} against ${best.cv})`);
    }
    const six = rows.find((r) => r.x === 6);
    for (const r of rows.filter((q) => q.x > 6)) assert.ok(r.cv > 2 * six.cv, `degree ${r.x}: CV error ${r.cv} well above degree 6's ${six.cv}`);
    for (const r of rows.filter((q) => q.x >= 10)) {
      const times = r.cv / best.cv;
      assert.ok(times > 5.5 && times < 8.5, `degree ${r.x}: CV error ${times.toFixed(1)} times the best (six to eight)`);
    }
    rows.slice(1).forEach((r, i) => assert.ok(r.train <= rows[i].train, `training error falls with every degree (${rows[i].x} → ${r.x})`));
    const [d1, d15] = [rows[0], last(rows)];
    assert.ok(d1.train > 10 * d15.train && d1.cv > 10 * best.cv, 'degree 1 underfits: both errors high');
  },
  'c-one-se'({ cv, validation }) {
    const rows = table(cv, 'C');
    const best = rows.reduce((a, b) => (b.cv > a.cv ? b : a));
    const small = rows.filter((r) => r.x <= 0.03);
    assert.ok(small.length >= 2 && small.every((r) => r.cv === 0.5 && r.train === 0.5), 'at small C both accuracies 0.5');
    for (const r of rows.filter((r) => r.x >= 10)) {
      assert.equal(r.train, 1, `C=${r.x}: training accuracy 1.0`);
      assert.ok(r.cv < best.cv, `C=${r.x}: CV accuracy below its best`);
    }
    const around = rows.filter((r) => r.x >= 0.1);
    around.slice(1).forEach((r, i) => {
      const gap = Math.abs(r.cv - around[i].cv);
      assert.ok(gap < Math.min(r.std, around[i].std), `C=${around[i].x} and ${r.x}: ${gap} apart, less than their spread`);
    });
    assert.equal(best.x, 1, 'the best C is 1');
    assert.equal(validation.one_se.x, 0.3, 'the 1-SE rule picks 0.3');
  },
  'l1-path'({ cv, regpath }) {
    const lastNonZero = regpath.series.map((s) => ({ name: s.name, k: s.coef.findLastIndex((c) => c !== 0) }));
    lastNonZero.sort((a, b) => b.k - a.k);
    assert.deepEqual(lastNonZero.slice(0, 2).map((s) => s.name).sort(), ['bmi', 's5'], `the last weights to survive: ${JSON.stringify(lastNonZero)}`);
    const zeros = regpath.values.map((_, k) => regpath.series.filter((s) => s.coef[k] === 0).length);
    const steps = zeros.slice(1).filter((z, k) => z > zeros[k]).length;
    assert.ok(steps >= 4 && last(zeros) > zeros[0], `weights reach exactly zero one after another: ${zeros}`);
    const rows = table(cv, 'alpha');
    const best = rows.reduce((a, b) => (b.cv > a.cv ? b : a));
    assert.ok(best.cv - rows[0].cv < 0.01, 'the CV score barely changes at small alpha');
    assert.ok(last(rows).cv < best.cv - 0.1, 'the CV score falls once alpha removes features that matter');
  },
  'learning-rate'({ cv, loss }) {
    const [slow, good, wild] = [/lr=0\.001\b/, /lr=1\b/, /lr=30\b/].map((re) => series(loss, re));
    assert.ok(last(slow.objective) > 0.8 * slow.objective[0], 'at 0.001 the loss has barely moved');
    assert.ok(last(good.objective) < 0.3 * good.objective[0], 'at 1 the loss drops');
    assert.ok(wild.oscillating || wild.diverged_at !== null, 'at 30 the run oscillates or diverges');
    const rows = table(cv, 'learning_rate');
    const score = (lr) => rows.find((r) => r.x === lr).cv;
    assert.ok(score(30) < score(1), 'its CV score shows it');
  },
  momentum({ loss, trajectory }) {
    // The paths in the order of their colours: blue, orange, green.
    assert.deepEqual(trajectory.paths.map((p) => p.label.replace(/^#\d+ /, '')), ['gd', 'adam', 'momentum']);
    const [gd, adam, mom] = trajectory.paths.map((p) => {
      const pts = p.points;
      let flips = 0;
      for (let k = 2; k < pts.length; k++) if ((pts[k - 1][1] - pts[k - 2][1]) * (pts[k][1] - pts[k - 1][1]) < 0) flips++;
      return { along: last(pts)[0] - pts[0][0], flips };
    });
    const toStar = trajectory.optimum[0] - trajectory.paths[0].points[0][0];
    assert.ok(gd.along < toStar / 5, `gradient descent: less than a fifth of the way (${gd.along} of ${toStar})`);
    const gdLoss = series(loss, /\bgd$/);
    assert.ok(at(gdLoss, 200) < at(gdLoss, 150), 'its loss still falling');
    assert.ok(mom.along >= 3.5 * gd.along, `momentum about four times as far (${mom.along} against ${gd.along})`);
    assert.ok(mom.flips >= 15, `momentum's path zig-zags (${mom.flips} turns across the valley)`);
    assert.ok(adam.flips <= 10 && adam.flips * 3 <= mom.flips, `Adam's does not (${adam.flips} turns)`);
    assert.ok(adam.along > 2.5 * gd.along && adam.along < 3.5 * gd.along, `Adam three times as far as gradient descent (${adam.along})`);
    // The valley: w[1] about thirty times smaller than w[0] at the optimum; the chart's
    // axes stretch w[1]'s about twenty times.
    const [ox, oy] = trajectory.optimum;
    assert.ok(ox / oy > 20 && ox / oy < 40, `w[0] / w[1] = ${ox / oy}`);
    const span = (r) => r[1] - r[0];
    const stretch = span(trajectory.x_range) / span(trajectory.y_range);
    assert.ok(stretch > 15 && stretch < 25, `w[1]'s axis stretched ${stretch} times`);
  },
  hidden({ cv }) {
    const rows = table(cv, 'hidden_layer_sizes').map((r) => ({ ...r, x: Number(r.x) }));
    const one = rows.find((r) => r.x === 1);
    assert.ok(rows.every((r) => r === one || r.cv > one.cv), '1 unit: the lowest CV accuracy');
    const i = cv.params.findIndex((p) => Number(p.hidden_layer_sizes) === 1);
    const folds = Object.keys(cv).filter((key) => /^split\d+_test_score$/.test(key)).map((key) => cv[key][i]);
    assert.ok(folds.filter((f) => f === 0.5).length > folds.length / 2, `1 unit: most folds score 0.5 (${folds})`);
    const wide = rows.filter((r) => r.x >= 5);
    const spread = Math.max(...wide.map((r) => r.cv)) - Math.min(...wide.map((r) => r.cv));
    const std = wide.reduce((a, r) => a + r.std, 0) / wide.length;
    assert.ok(spread < std, `from 5 units CV accuracy levels off (${spread} within the folds' spread ${std})`);
    const gap = (units) => {
      const r = rows.find((x) => x.x === units);
      return r.train - r.cv;
    };
    assert.ok(gap(100) > gap(20) && gap(20) > gap(5), `training accuracy pulls away from CV: ${gap(5)}, ${gap(20)}, ${gap(100)}`);
  },
  optimism({ optimism }) {
    const n = optimism.best_cv.length;
    const above = optimism.best_cv.filter((v, i) => v > optimism.test[i]).length;
    const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
    assert.ok(above > n / 2, `the winner's CV score usually above its held-out score (${above} of ${n})`);
    assert.ok(above < n, `not on every split: a few go the other way (${above} of ${n} above)`);
    assert.ok(mean(optimism.best_cv) > mean(optimism.test), 'on average');
  },
};

/** Asserts that what lesson `id` says to notice holds in `facts` (factsScript's). */
export function checkNotices(id, facts) {
  const check = CLAIMS[id];
  assert.ok(check, `lesson ${id} has its claims checked`);
  check(facts);
}
