// Which build of the core the page starts (www/wasm-flavour.js): the SIMD probe is a
// valid module only for an engine with SIMD, and the choice follows the probe and the
// address's `?wasm=scalar`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NO_WASM, SIMD_PROBE, WASM_FILES, WASM_TOO_OLD, hasSimd, requireWasm, startError, wasmFlavour } from '../../www/wasm-flavour.js';

test('the probe is a module whose one function returns a v128', async () => {
  // Node 20's engine has SIMD, so the probe compiles and its function runs.
  assert.equal(WebAssembly.validate(SIMD_PROBE), true);
  const module = new WebAssembly.Module(SIMD_PROBE);
  assert.deepEqual(WebAssembly.Module.exports(module), []);
  // The same module with an i32 result and an i32.const body is valid too, so the
  // probe's bytes are well formed apart from the SIMD they use: only an engine without
  // v128 refuses them.
  const scalar = new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,
    0x03, 0x02, 0x01, 0x00,
    0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x00, 0x0b,
  ]);
  assert.equal(WebAssembly.validate(scalar), true);
  // The probe with its result type (byte 14, v128's 0x7b) changed to a byte that names
  // no type is refused: validation reads the byte the probe depends on.
  assert.equal(SIMD_PROBE[14], 0x7b);
  const broken = SIMD_PROBE.slice();
  broken[14] = 0x00;
  assert.equal(WebAssembly.validate(broken), false);
});

test('the SIMD build where the engine validates the probe, else the scalar one', () => {
  assert.equal(hasSimd(), true);
  assert.equal(wasmFlavour(''), 'simd');
  assert.equal(wasmFlavour('?workers=2'), 'simd');
  const noSimd = () => false;
  assert.equal(hasSimd(noSimd), false);
  assert.equal(wasmFlavour('', noSimd), 'scalar');
  // An engine whose validate throws, or no WebAssembly.validate at all.
  assert.equal(hasSimd(() => { throw new TypeError('no'); }), false);
  assert.equal(hasSimd(null), false);
});

test('?wasm=scalar asks for the scalar build; other values change nothing', () => {
  assert.equal(wasmFlavour('?wasm=scalar'), 'scalar');
  assert.equal(wasmFlavour('?workers=2&wasm=scalar'), 'scalar');
  assert.equal(wasmFlavour('?wasm=simd'), 'simd');
  assert.equal(wasmFlavour('?wasm=simd', () => false), 'scalar');
  assert.deepEqual(Object.keys(WASM_FILES).sort(), ['scalar', 'simd']);
  assert.notEqual(WASM_FILES.simd, WASM_FILES.scalar);
});

test('an engine without WebAssembly gets an error that says so', () => {
  assert.doesNotThrow(() => requireWasm());
  assert.throws(() => requireWasm({}), { message: NO_WASM });
  assert.throws(() => requireWasm({ WebAssembly: null }), { message: NO_WASM });
  assert.match(NO_WASM, /no WebAssembly/);
});

test('a module the engine cannot compile is reported as a browser too old', () => {
  const compile = new WebAssembly.CompileError('invalid value type 0x6f');
  const err = startError(compile);
  assert.equal(err.message, `${WASM_TOO_OLD} (invalid value type 0x6f)`);
  assert.match(err.message, /too old for TuneLab's core \(it needs Safari 15, Chrome 96, Firefox 79/);
  // Anything else (a fetch that failed, say) is passed on as it is.
  const other = new TypeError('Failed to fetch');
  assert.equal(startError(other), other);
  // An engine without WebAssembly has no CompileError to compare with.
  assert.equal(startError(compile, {}), compile);
});
