//! What a practitioner should look at before using a plan, as typed warnings that clinic
//! software can translate or act on.

use serde::Serialize;

/// A risk the statistics found in a plan. Serialises as an object with a `kind` tag, the
/// variant's fields and the English `message`.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum PlanWarning {
    /// Healed dots of the zone touch: they will merge into a flat "helmet" look.
    TouchingDots {
        /// Zone name.
        zone: String,
        /// Session, from 1.
        session: u8,
        /// Pairs of healed dots that touch.
        pairs: usize,
    },
    /// The zone is denser than natural hair ever is: a "helmet" risk.
    DenserThanNatural {
        /// Zone name.
        zone: String,
        /// Session, from 1.
        session: u8,
        /// Measured density through that session, dots/cm².
        density_per_cm2: f64,
        /// The natural maximum it exceeds, dots/cm².
        natural_max_per_cm2: f64,
    },
}

impl std::fmt::Display for PlanWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::TouchingDots { zone, session, pairs } => write!(
                f,
                "zone `{zone}`, session {session}: {pairs} pairs of healed dots touch; they will \
                 merge into a flat \"helmet\" look — lower the density or the dot size"
            ),
            Self::DenserThanNatural { zone, session, density_per_cm2, natural_max_per_cm2 } => {
                write!(
                    f,
                    "zone `{zone}`, session {session}: {density_per_cm2:.0} dots/cm² is denser \
                     than natural hair (up to {natural_max_per_cm2}); risk of a \"helmet\" look"
                )
            }
        }
    }
}

impl Serialize for PlanWarning {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        match self {
            Self::TouchingDots { zone, session, pairs } => {
                map.serialize_entry("kind", "touching_dots")?;
                map.serialize_entry("zone", zone)?;
                map.serialize_entry("session", session)?;
                map.serialize_entry("pairs", pairs)?;
            }
            Self::DenserThanNatural { zone, session, density_per_cm2, natural_max_per_cm2 } => {
                map.serialize_entry("kind", "denser_than_natural")?;
                map.serialize_entry("zone", zone)?;
                map.serialize_entry("session", session)?;
                map.serialize_entry("density_per_cm2", density_per_cm2)?;
                map.serialize_entry("natural_max_per_cm2", natural_max_per_cm2)?;
            }
        }
        map.serialize_entry("message", &self.to_string())?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_serialise_with_kind_fields_and_message() {
        let w = PlanWarning::TouchingDots { zone: "crown".into(), session: 2, pairs: 3 };
        let json = serde_json::to_value(&w).unwrap();
        assert_eq!(json["kind"], "touching_dots");
        assert_eq!(json["zone"], "crown");
        assert_eq!(json["session"], 2);
        assert_eq!(json["pairs"], 3);
        assert_eq!(json["message"], w.to_string());
        assert!(w.to_string().starts_with("zone `crown`, session 2: 3 pairs"), "{w}");
        let dense = PlanWarning::DenserThanNatural {
            zone: "top".into(),
            session: 1,
            density_per_cm2: 131.4,
            natural_max_per_cm2: 110.0,
        };
        assert_eq!(serde_json::to_value(&dense).unwrap()["kind"], "denser_than_natural");
        assert!(dense.to_string().contains("131 dots/cm²") && dense.to_string().contains("110"));
    }
}
