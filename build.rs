//! Cargo build script: the built-in themes and the starter site are compiled into the binary,
//! so a change to any of their files must rebuild it.

fn main() {
    println!("cargo:rerun-if-changed=themes");
    println!("cargo:rerun-if-changed=starter");
}
