// The checking worker: runs the ikp library (WebAssembly, plain C ABI, see web/src/lib.rs) off
// the page's main thread, so a large or hostile file never freezes the page. Messages:
//   {type:'init', wasm: base64}                      -> {type:'ready', profiles}
//   {type:'check', id, files:[{path, buffer, explicit}], profile, lang}
//                                                    -> {type:'result', id, answer, view, ms}
//   {type:'view', id, lang}                          -> {type:'view', id, view}
//   {type:'render', id, format, lang, date}          -> {type:'rendered', id, format, text}
// Any failure answers {type:'error', id, message}; after a trap the module is started afresh.
'use strict';
let wasmBytes = null;
let ex = null;
const encoder = new TextEncoder();
// ignoreBOM: the CSV report starts with a byte-order mark for Excel, and it must stay.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

function decodeBase64(text) {
  const bin = atob(text.replace(/\s+/g, ''));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function start() {
  const module = await WebAssembly.compile(wasmBytes);
  // The one import the library uses: random bytes for hashing seeds (web/src/random.rs).
  // Any other import comes from code that is linked but never called (wasm-bindgen's
  // helpers, present because a dependency names it): each throws if it ever were called.
  const imports = {};
  for (const { module: name, name: field, kind } of WebAssembly.Module.imports(module)) {
    if (kind !== 'function') continue;
    imports[name] = imports[name] || {};
    imports[name][field] = () => { throw new Error(`ikp: ${name}.${field} is not available`); };
  }
  imports.env = imports.env || {};
  imports.env.ikp_random = (ptr, len) => {
    // getRandomValues fills at most 65536 bytes at a time.
    for (let at = 0; at < len; at += 65536) {
      crypto.getRandomValues(new Uint8Array(ex.memory.buffer, ptr + at, Math.min(65536, len - at)));
    }
  };
  const instance = await WebAssembly.instantiate(module, imports);
  ex = instance.exports;
}

// Copy bytes into a buffer the module owns (it frees or takes it).
function put(bytes) {
  const ptr = ex.ikp_alloc(bytes.length);
  new Uint8Array(ex.memory.buffer, ptr, bytes.length).set(bytes);
  return ptr;
}

function call(request) {
  const bytes = encoder.encode(JSON.stringify(request));
  const status = ex.ikp_call(put(bytes), bytes.length);
  const out = decoder.decode(new Uint8Array(ex.memory.buffer, ex.ikp_out_ptr(), ex.ikp_out_len()));
  if (status !== 0) throw new Error(out);
  return out;
}

function addFile(path, bytes, explicit) {
  const p = encoder.encode(path);
  const pathPtr = put(p);
  const bytesPtr = put(bytes);
  ex.ikp_add_file(pathPtr, p.length, bytesPtr, bytes.length, explicit ? 1 : 0);
}

self.onmessage = async (event) => {
  const m = event.data;
  try {
    if (m.type === 'init') {
      wasmBytes = decodeBase64(m.wasm);
      await start();
      postMessage({ type: 'ready', profiles: JSON.parse(call({ op: 'profiles' })) });
      return;
    }
    if (!ex) await start();
    if (m.type === 'check') {
      const t0 = performance.now();
      call({ op: 'reset' });
      for (const f of m.files) addFile(f.path, new Uint8Array(f.buffer), f.explicit);
      const answer = JSON.parse(call({ op: 'check', profile: m.profile || null }));
      const view = JSON.parse(call({ op: 'view', lang: m.lang }));
      postMessage({ type: 'result', id: m.id, answer, view, ms: performance.now() - t0 });
    } else if (m.type === 'view') {
      postMessage({ type: 'view', id: m.id, view: JSON.parse(call({ op: 'view', lang: m.lang })) });
    } else if (m.type === 'render') {
      const text = call({ op: 'render', format: m.format, lang: m.lang, date: m.date });
      postMessage({ type: 'rendered', id: m.id, format: m.format, text });
    }
  } catch (err) {
    // A trap leaves the module's memory in an unknown state: start afresh next time.
    if (err instanceof WebAssembly.RuntimeError) ex = null;
    postMessage({ type: 'error', id: m.id, message: String(err && err.message || err) });
  }
};
