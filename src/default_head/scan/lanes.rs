//! Arrays of [`LANES`] floats and 3-vectors, with the arithmetic of `f32` and [`V3`] applied
//! lane by lane, for shading several pixels at once.
//!
//! Each operation is a plain loop over the lanes with no branch in it, which the compiler
//! turns into 4-wide SSE instructions (divisions and square roots included, the expensive part
//! of shading). A lane computes exactly what the one-value operation computes, in the same
//! order: Rust never reassociates or fuses float operations, so results are bit-identical to
//! the scalar formulas they replace.

use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub};

use super::math::V3;

/// Pixels shaded together: two SSE registers per value.
pub(crate) const LANES: usize = 8;

/// One float per lane.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct F(pub [f32; LANES]);

impl F {
    /// The same value in every lane.
    pub const fn splat(x: f32) -> F {
        F([x; LANES])
    }

    /// `f` applied to every lane.
    ///
    /// Plain loops here and below: through `std::array::from_fn` the per-lane closure was at
    /// times left as a call per lane (perf showed `try_from_fn_erased` frames), not vectorised.
    #[inline(always)]
    pub fn map(self, f: impl Fn(f32) -> f32) -> F {
        let mut out = self.0;
        for a in &mut out {
            *a = f(*a);
        }
        F(out)
    }

    /// `f` applied to every pair of lanes.
    #[inline(always)]
    pub fn zip(self, o: F, f: impl Fn(f32, f32) -> f32) -> F {
        let mut out = self.0;
        for (a, &b) in out.iter_mut().zip(&o.0) {
            *a = f(*a, b);
        }
        F(out)
    }

    /// `f32::max` per lane.
    #[inline(always)]
    pub fn max(self, o: f32) -> F {
        self.map(|x| x.max(o))
    }

    /// `f32::clamp(0, 1)` per lane.
    #[inline(always)]
    pub fn clamp01(self) -> F {
        self.map(|x| x.clamp(0.0, 1.0))
    }

    /// `f32::sqrt` per lane.
    #[inline(always)]
    pub fn sqrt(self) -> F {
        self.map(f32::sqrt)
    }

    /// Per lane: `yes` where `test` is positive, else `no` (NaN included).
    #[inline(always)]
    pub fn select_positive(test: F, yes: F, no: F) -> F {
        let mut out = no.0;
        for ((o, &t), &y) in out.iter_mut().zip(&test.0).zip(&yes.0) {
            *o = if t > 0.0 { y } else { *o };
        }
        F(out)
    }

    /// Per lane: `yes` where `test` is zero or negative, else `no` (NaN included).
    #[inline(always)]
    pub fn select_not_positive(test: F, yes: F, no: F) -> F {
        let mut out = no.0;
        for ((o, &t), &y) in out.iter_mut().zip(&test.0).zip(&yes.0) {
            *o = if t <= 0.0 { y } else { *o };
        }
        F(out)
    }
}

macro_rules! lane_ops {
    ($($op:ident $method:ident),*) => {$(
        impl $op for F {
            type Output = F;
            #[inline(always)]
            fn $method(self, o: F) -> F {
                self.zip(o, |a, b| $op::$method(a, b))
            }
        }
        impl $op<f32> for F {
            type Output = F;
            #[inline(always)]
            fn $method(self, o: f32) -> F {
                self.map(|a| $op::$method(a, o))
            }
        }
        impl $op<F> for f32 {
            type Output = F;
            #[inline(always)]
            fn $method(self, o: F) -> F {
                o.map(|b| $op::$method(self, b))
            }
        }
    )*};
}
lane_ops!(Add add, Sub sub, Mul mul, Div div);

impl Neg for F {
    type Output = F;
    #[inline(always)]
    fn neg(self) -> F {
        self.map(|a| -a)
    }
}

/// One 3-vector per lane.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct V3L {
    pub x: F,
    pub y: F,
    pub z: F,
}

impl V3L {
    pub const fn new(x: F, y: F, z: F) -> Self {
        Self { x, y, z }
    }

    /// The same vector in every lane.
    pub const fn splat(v: V3) -> Self {
        Self::new(F::splat(v.x), F::splat(v.y), F::splat(v.z))
    }

    /// Lane `i`.
    #[inline(always)]
    pub fn get(&self, i: usize) -> V3 {
        V3::new(self.x.0[i], self.y.0[i], self.z.0[i])
    }

    /// Sets lane `i`.
    #[inline(always)]
    pub fn set(&mut self, i: usize, v: V3) {
        (self.x.0[i], self.y.0[i], self.z.0[i]) = (v.x, v.y, v.z);
    }

    /// [`V3::dot`] per lane.
    #[inline(always)]
    pub fn dot(self, o: V3L) -> F {
        self.x * o.x + self.y * o.y + self.z * o.z
    }

    /// [`V3::cross`] per lane.
    #[inline(always)]
    pub fn cross(self, o: V3L) -> V3L {
        V3L::new(
            self.y * o.z - self.z * o.y,
            self.z * o.x - self.x * o.z,
            self.x * o.y - self.y * o.x,
        )
    }

    /// [`V3::normalized`] per lane: unit, or unchanged where zero.
    #[inline(always)]
    pub fn normalized(self) -> V3L {
        let l = self.dot(self).sqrt();
        let k = 1.0 / l;
        let scaled = |c: F| F::select_positive(l, c * k, c);
        V3L::new(scaled(self.x), scaled(self.y), scaled(self.z))
    }

    /// [`V3::mul_elem`] per lane.
    #[inline(always)]
    pub fn mul_elem(self, o: V3L) -> V3L {
        V3L::new(self.x * o.x, self.y * o.y, self.z * o.z)
    }
}

impl Add for V3L {
    type Output = V3L;
    #[inline(always)]
    fn add(self, o: V3L) -> V3L {
        V3L::new(self.x + o.x, self.y + o.y, self.z + o.z)
    }
}

impl AddAssign for V3L {
    #[inline(always)]
    fn add_assign(&mut self, o: V3L) {
        *self = *self + o;
    }
}

impl Sub for V3L {
    type Output = V3L;
    #[inline(always)]
    fn sub(self, o: V3L) -> V3L {
        V3L::new(self.x - o.x, self.y - o.y, self.z - o.z)
    }
}

impl Mul<F> for V3L {
    type Output = V3L;
    #[inline(always)]
    fn mul(self, k: F) -> V3L {
        V3L::new(self.x * k, self.y * k, self.z * k)
    }
}

impl Mul<f32> for V3L {
    type Output = V3L;
    #[inline(always)]
    fn mul(self, k: f32) -> V3L {
        V3L::new(self.x * k, self.y * k, self.z * k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_compute_what_one_value_computes() {
        let vs = [
            V3::new(0.3, -1.7, 2.25),
            V3::new(0.0, 0.0, 0.0),
            V3::new(1e-20, 3.0, -0.1),
            V3::new(-5.0, 0.5, 0.125),
        ];
        let mut a = V3L::default();
        let mut b = V3L::default();
        for i in 0..LANES {
            a.set(i, vs[i % 4]);
            b.set(i, vs[(i + 1) % 4]);
        }
        let (n, c, d) = (a.normalized(), a.cross(b), a.dot(b));
        for i in 0..LANES {
            let (p, q) = (vs[i % 4], vs[(i + 1) % 4]);
            assert_eq!(n.get(i), p.normalized());
            assert_eq!(c.get(i), p.cross(q));
            assert_eq!(d.0[i].to_bits(), p.dot(q).to_bits());
        }
    }
}
