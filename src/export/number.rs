//! Fast fixed-point number formatting for the exports.

/// Appends `value` with exactly three decimals (rounded half away from zero), e.g. `-12.345`.
///
/// Non-finite values cannot occur in a plan (the validator refuses them upstream), but are
/// written as `NaN`/`inf` rather than garbage if they ever do.
pub(super) fn push_milli(text: &mut Vec<u8>, value: f32) {
    if !value.is_finite() {
        text.extend_from_slice(format!("{value}").as_bytes());
        return;
    }
    // An f32 times 1000 is exact in f64 (24 + 10 significant bits), so adding ½ and truncating
    // rounds half away from zero exactly, without a libm call.
    let magnitude = (f64::from(value).abs() * 1000.0 + 0.5) as u64;
    // Built right to left in a buffer and appended at once: one capacity check per number.
    let mut digits = [0u8; 24];
    let fraction = (magnitude % 1000) as u32;
    let mut start = push_digits(&mut digits[..20], magnitude / 1000);
    if value < 0.0 && magnitude > 0 {
        start -= 1;
        digits[start] = b'-';
    }
    // Three decimals from one division each by 100 and 10 (multiplications after compiling).
    let (hundreds, rest) = (fraction / 100, fraction % 100);
    digits[20..].copy_from_slice(&[
        b'.',
        b'0' + hundreds as u8,
        b'0' + (rest / 10) as u8,
        b'0' + (rest % 10) as u8,
    ]);
    text.extend_from_slice(&digits[start..]);
}

/// Appends `value` with at most three decimals and no trailing zeros, e.g. `20`, `0.15`.
pub(super) fn push_milli_trimmed(text: &mut Vec<u8>, value: f32) {
    let start = text.len();
    push_milli(text, value);
    if text[start..].contains(&b'.') {
        while text.last() == Some(&b'0') {
            text.pop();
        }
        if text.last() == Some(&b'.') {
            text.pop();
        }
    }
}

/// Appends the decimal digits of `value`.
pub(super) fn push_unsigned(text: &mut Vec<u8>, value: u64) {
    let mut digits = [0u8; 20];
    let start = push_digits(&mut digits, value);
    text.extend_from_slice(&digits[start..]);
}

/// Writes the decimal digits of `value` at the end of `digits` (which holds 20, enough for any
/// u64) and returns where they start.
#[inline]
fn push_digits(digits: &mut [u8], value: u64) -> usize {
    let mut start = digits.len();
    // Coordinates and counts fit 32 bits, whose division by 10 is one multiplication.
    let mut wide = value;
    while wide > u64::from(u32::MAX) {
        start -= 1;
        digits[start] = b'0' + (wide % 10) as u8;
        wide /= 10;
    }
    let mut narrow = wide as u32;
    loop {
        start -= 1;
        digits[start] = b'0' + (narrow % 10) as u8;
        narrow /= 10;
        if narrow == 0 {
            return start;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn milli(value: f32) -> String {
        let mut text = Vec::new();
        push_milli(&mut text, value);
        String::from_utf8(text).unwrap()
    }

    #[test]
    fn formats_three_decimals() {
        assert_eq!(milli(0.0), "0.000");
        assert_eq!(milli(1.5), "1.500");
        assert_eq!(milli(999.9996), "1000.000");
        assert_eq!(milli(-0.25), "-0.250");
        assert_eq!(milli(-0.0004), "0.000");
        assert_eq!(milli(123.4567), "123.457");
        assert_eq!(milli(0.0005), "0.001");
        assert_eq!(milli(-0.0005), "-0.001");
        assert_eq!(milli(2.0625), "2.063");
        assert_eq!(milli(-2.0625), "-2.063");
        assert_eq!(milli(999_999.94), "999999.938");
        assert_eq!(milli(f32::NAN), "NaN");
    }

    #[test]
    fn trims_trailing_zeros() {
        let mut text = Vec::new();
        for value in [20.0, 0.15, 12.5, 0.0001] {
            push_milli_trimmed(&mut text, value);
            text.push(b' ');
        }
        assert_eq!(text, b"20 0.15 12.5 0 ");
    }

    #[test]
    fn formats_integers() {
        let mut text = Vec::new();
        push_unsigned(&mut text, 0);
        text.push(b' ');
        push_unsigned(&mut text, 18_446_744_073_709_551_615);
        assert_eq!(text, b"0 18446744073709551615");
    }
}
