//! Random bytes for getrandom's `custom` backend (chosen in .cargo/config.toml for wasm32):
//! the page's worker passes `crypto.getRandomValues` in as `env.ikp_random`. Only hashing
//! seeds use them; without this, getrandom would need wasm-bindgen's generated glue.

unsafe extern "C" {
    fn ikp_random(ptr: *mut u8, len: usize);
}

/// getrandom 0.3's hook for the `custom` backend.
///
/// # Safety
/// getrandom calls it with a writable buffer of `len` bytes.
#[unsafe(no_mangle)]
unsafe extern "Rust" fn __getrandom_v03_custom(
    dest: *mut u8,
    len: usize,
) -> Result<(), getrandom::Error> {
    // SAFETY: the import fills exactly `len` bytes at `dest`.
    unsafe { ikp_random(dest, len) };
    Ok(())
}
