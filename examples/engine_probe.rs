use smpsim::*;
use std::time::Instant;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let size: f32 = args.get(1).map(|s| s.parse().unwrap()).unwrap_or(1000.0);
    let r: f32 = args.get(2).map(|s| s.parse().unwrap()).unwrap_or(1.0);
    let threads: usize = args.get(3).map(|s| s.parse().unwrap()).unwrap_or(2);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    let dom = MapRect::from_size_mm(size, size);
    for seed in 0..3 {
        let t = Instant::now();
        let pts = pool.install(|| sample_spacing(dom, &UniformSpacing { spacing_mm: r }, &[], &SampleOptions { seed, ..Default::default() }).unwrap());
        let dt = t.elapsed().as_secs_f64();
        // interior count
        let m = 8.0 * r;
        let n_in = pts.iter().filter(|p| p.x_mm >= m && p.y_mm >= m && p.x_mm < size - m && p.y_mm < size - m).count();
        let a_in = ((size - 2.0 * m) as f64).powi(2);
        println!("seed {seed}: {} dots in {:.3}s = {:.2} M/s, kappa_interior = {:.5}", pts.len(), dt, pts.len() as f64 / dt / 1e6, n_in as f64 * (r as f64).powi(2) / a_in);
    }
}
#[allow(dead_code)]
fn stats() {}
