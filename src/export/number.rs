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
    let thousandths = (f64::from(value) * 1000.0).round() as i64;
    if thousandths < 0 {
        text.push(b'-');
    }
    let magnitude = thousandths.unsigned_abs();
    push_unsigned(text, magnitude / 1000);
    let fraction = magnitude % 1000;
    text.extend_from_slice(&[
        b'.',
        b'0' + (fraction / 100) as u8,
        b'0' + (fraction / 10 % 10) as u8,
        b'0' + (fraction % 10) as u8,
    ]);
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
pub(super) fn push_unsigned(text: &mut Vec<u8>, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    text.extend_from_slice(&digits[start..]);
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
