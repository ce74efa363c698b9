//! Spider parameters by name: the option keys shared by the options string of
//! `spider(...)` and the `OPTIONS (...)` of `CREATE EXTERNAL TABLE … STORED AS SPIDER`,
//! their parsing and their validation.

use datafusion::common::utils::datafusion_strsim::levenshtein;
use datafusion::common::{DataFusionError, Result, plan_err};

use super::spec::{GeometryFormat, SpiderSpec};
use crate::functions::args::{f64_from_str, param_error, u64_from_str};
use crate::generate::ParamError;
use crate::generate::spider::{
    Affine, Bit, BoxShape, DISTRIBUTION_NAMES, Diagonal, Gaussian, Parcel, PolygonShape,
    Sierpinski, SpiderDistribution, SpiderGeometry, Uniform,
};

const WHO: &str = "spider";

/// Every option key with the distributions it applies to (`None`: all of them).
pub const OPTION_KEYS: [(&str, Option<&str>); 15] = [
    ("distribution", None),
    ("cardinality", None),
    ("seed", None),
    ("geometry", None),
    ("percentage", Some("diagonal")),
    ("buffer", Some("diagonal")),
    ("probability", Some("bit")),
    ("digits", Some("bit")),
    ("srange", Some("parcel")),
    ("dither", Some("parcel")),
    ("maxsize", None),
    ("segments", None),
    ("dimensions", None),
    ("affine", None),
    ("format", None),
];

/// Splits `'percentage=0.3 buffer=0.2 affine=2,0,0,0,2,0'` into key/value pairs. Keys are
/// case-insensitive; pairs are separated by whitespace.
pub fn parse_option_string(s: &str) -> Result<Vec<(String, String)>> {
    s.split_whitespace()
        .map(|token| match token.split_once('=') {
            Some((k, v)) if !k.is_empty() && !v.is_empty() => {
                Ok((k.to_ascii_lowercase(), v.to_string()))
            }
            _ => plan_err!(
                "{WHO}: malformed option '{token}' in '{s}'; expected key=value pairs separated by spaces, e.g. 'percentage=0.3 buffer=0.2'"
            ),
        })
        .collect()
}

/// The closest known key to `key`, if it is close enough to be a typo.
fn closest_key(key: &str) -> Option<&'static str> {
    OPTION_KEYS
        .iter()
        .map(|(k, _)| (*k, levenshtein(key, k)))
        .filter(|(k, d)| *d <= (k.len() / 3).max(2) && *d < key.len())
        .min_by_key(|(_, d)| *d)
        .map(|(k, _)| k)
}

fn unknown_key(key: &str) -> DataFusionError {
    let keys: Vec<&str> = OPTION_KEYS.iter().map(|(k, _)| *k).collect();
    let hint = closest_key(key)
        .map(|k| format!("did you mean '{k}'? "))
        .unwrap_or_default();
    DataFusionError::Plan(format!(
        "{WHO}: unknown option '{key}'; {hint}valid options: {}",
        keys.join(", ")
    ))
}

fn distribution_from_name(name: &str) -> Result<SpiderDistribution> {
    Ok(match name.trim().to_ascii_lowercase().as_str() {
        "uniform" => SpiderDistribution::Uniform(Uniform),
        "gaussian" => SpiderDistribution::Gaussian(Gaussian),
        "diagonal" => SpiderDistribution::Diagonal(Diagonal::default()),
        "bit" => SpiderDistribution::Bit(Bit::default()),
        "sierpinski" => SpiderDistribution::Sierpinski(Sierpinski),
        "parcel" => SpiderDistribution::Parcel(Parcel::default()),
        _ => {
            let lower = name.trim().to_ascii_lowercase();
            let hint = DISTRIBUTION_NAMES
                .iter()
                .map(|k| (*k, levenshtein(&lower, k)))
                .filter(|(_, d)| *d <= 2 && *d < lower.len())
                .min_by_key(|(_, d)| *d)
                .map(|(k, _)| format!("did you mean '{k}'? "))
                .unwrap_or_default();
            return Err(param_error(
                WHO,
                ParamError::new(
                    "distribution",
                    format!("'{name}'"),
                    format!("{hint}one of {}", DISTRIBUTION_NAMES.join(", ")),
                ),
            ));
        }
    })
}

/// Builds and validates a spec from the distribution, cardinality, seed and the remaining
/// named options (keys already lower-case). Each key may appear once.
pub fn build_spec(
    distribution: &str,
    cardinality: u64,
    seed: u64,
    options: &[(String, String)],
) -> Result<SpiderSpec> {
    let mut dist = distribution_from_name(distribution)?;
    let mut spec = SpiderSpec {
        distribution: dist,
        cardinality,
        seed,
        affine: None,
        format: GeometryFormat::Wkb,
        geometry: SpiderGeometry::Point,
    };
    let mut seen: Vec<&str> = Vec::new();
    let (mut geometry, mut maxsize, mut segments, mut dimensions) = (None, None, None, None);
    for (key, value) in options {
        let Some((known, applies)) = OPTION_KEYS.iter().find(|(k, _)| k == key) else {
            return Err(unknown_key(key));
        };
        if seen.contains(known) {
            return plan_err!("{WHO}: option '{key}' is given more than once");
        }
        seen.push(known);
        if let Some(applies) = applies
            && *applies != dist.name()
        {
            return plan_err!(
                "{WHO}: option '{key}' does not apply to distribution '{}' (it applies to: {applies})",
                dist.name()
            );
        }
        match (&mut dist, *known) {
            (SpiderDistribution::Diagonal(d), "percentage") => {
                d.percentage = f64_from_str(WHO, key, value, "a finite number in [0, 1]")?;
            }
            (SpiderDistribution::Diagonal(d), "buffer") => {
                d.buffer = f64_from_str(WHO, key, value, "a finite number in [0, 10]")?;
            }
            (SpiderDistribution::Bit(b), "probability") => {
                b.probability = f64_from_str(WHO, key, value, "a finite number in [0, 1]")?;
            }
            (SpiderDistribution::Bit(b), "digits") => {
                b.digits = u64_from_str(WHO, key, value, 1, 52)? as u32;
            }
            (SpiderDistribution::Parcel(p), "srange") => {
                p.srange = f64_from_str(WHO, key, value, "a finite number in [0, 0.5]")?;
            }
            (SpiderDistribution::Parcel(p), "dither") => {
                p.dither = f64_from_str(WHO, key, value, "a finite number in [0, 1]")?;
            }
            (_, "geometry") => geometry = Some(value.as_str()),
            (_, "maxsize") => maxsize = Some(value.as_str()),
            (_, "segments") => segments = Some(value.as_str()),
            (_, "dimensions") => dimensions = Some(value.as_str()),
            (_, "affine") => {
                let allowed = "6 comma-separated numbers a1,a2,a3,a4,a5,a6";
                let values: Option<Vec<f64>> = value
                    .split(',')
                    .map(|v| v.trim().parse::<f64>().ok())
                    .collect();
                let Some(values) = values else {
                    return Err(param_error(WHO, ParamError::new("affine", value, allowed)));
                };
                // Errors show the values as the user wrote them.
                let affine = Affine::new(&values)
                    .map_err(|e| param_error(WHO, ParamError::new("affine", value, e.allowed)))?;
                spec.affine = Some(affine);
            }
            (_, "format") => {
                spec.format = GeometryFormat::parse(value).ok_or_else(|| {
                    param_error(
                        WHO,
                        ParamError::new(
                            "format",
                            value,
                            format!("one of {}", GeometryFormat::NAMES.join(", ")),
                        ),
                    )
                })?;
            }
            (_, k @ ("distribution" | "cardinality" | "seed")) => {
                return plan_err!(
                    "{WHO}: '{k}' is an argument of spider(distribution, cardinality [, seed [, options]]), not an option"
                );
            }
            (_, k) => return plan_err!("{WHO}: option '{k}' is not supported"),
        }
    }
    spec.distribution = dist;
    spec.geometry = shape(dist, geometry, maxsize, segments)?;
    if let Some(value) = dimensions {
        let dims = u64_from_str(WHO, "dimensions", value, 1, 1000)?;
        if dims != 2 {
            let why = match (dist, spec.geometry) {
                (SpiderDistribution::Sierpinski(_), _) => "2 (sierpinski is 2-D only)",
                (_, SpiderGeometry::Polygon(_)) => "2 (polygons are 2-D only)",
                _ => "2 (only 2-D data is generated)",
            };
            return Err(param_error(WHO, ParamError::new("dimensions", value, why)));
        }
    }
    spec.validate().map_err(|e| param_error(WHO, e))?;
    Ok(spec)
}

/// The geometry from the `geometry`, `maxsize` and `segments` options. Parcel defaults to
/// boxes, every other distribution to points.
fn shape(
    dist: SpiderDistribution,
    geometry: Option<&str>,
    maxsize: Option<&str>,
    segments: Option<&str>,
) -> Result<SpiderGeometry> {
    let parcel = matches!(dist, SpiderDistribution::Parcel(_));
    let default = if parcel { "box" } else { "point" };
    let name = geometry.unwrap_or(default).to_ascii_lowercase();
    let mut g = match name.as_str() {
        "point" => SpiderGeometry::Point,
        "box" => SpiderGeometry::Box(BoxShape::default()),
        "polygon" => SpiderGeometry::Polygon(PolygonShape::default()),
        _ => {
            return Err(param_error(
                WHO,
                ParamError::new(
                    "geometry",
                    geometry.unwrap_or_default(),
                    format!("one of {}", SpiderGeometry::NAMES.join(", ")),
                ),
            ));
        }
    };
    let gname = g.name();
    let not_here = |key: &str, applies: &str| {
        if parcel {
            plan_err!(
                "{WHO}: option '{key}' does not apply to distribution 'parcel' (it applies to: {applies} of point distributions)"
            )
        } else {
            plan_err!(
                "{WHO}: option '{key}' does not apply to geometry '{gname}' (it applies to: {applies})"
            )
        }
    };
    if let Some(v) = maxsize {
        if parcel || g == SpiderGeometry::Point {
            return not_here("maxsize", "geometry=box, geometry=polygon");
        }
        let values: Option<Vec<f64>> = v.split(',').map(|x| x.trim().parse().ok()).collect();
        let (count, allowed) = match g {
            SpiderGeometry::Box(_) => (2, "2 numbers width,height in (0, 1] for geometry=box"),
            _ => (1, "1 number (the diameter) in (0, 1] for geometry=polygon"),
        };
        let values = match values {
            Some(values) if values.len() == count => values,
            _ => return Err(param_error(WHO, ParamError::new("maxsize", v, allowed))),
        };
        if values
            .iter()
            .any(|x| !(x.is_finite() && *x > 0.0 && *x <= 1.0))
        {
            return Err(param_error(WHO, ParamError::new("maxsize", v, allowed)));
        }
        match &mut g {
            SpiderGeometry::Box(b) => b.maxsize = [values[0], values[1]],
            SpiderGeometry::Polygon(p) => p.maxsize = values[0],
            SpiderGeometry::Point => {}
        }
    }
    if let Some(v) = segments {
        let SpiderGeometry::Polygon(p) = &mut g else {
            return not_here("segments", "geometry=polygon");
        };
        if parcel {
            return not_here("segments", "geometry=polygon");
        }
        let allowed = format!(
            "a number n (3..n vertices, as Beast) or a range a..b with 3 <= a <= b <= {}",
            crate::generate::spider::MAX_SEGMENTS
        );
        let bad = || param_error(WHO, ParamError::new("segments", v, allowed.clone()));
        let parse = |x: &str| x.trim().parse::<u32>().map_err(|_| bad());
        let (a, b) = match v.split_once("..") {
            Some((a, b)) => (parse(a)?, parse(b)?),
            None => (3, parse(v)?),
        };
        if a < 3 || a > b || b > crate::generate::spider::MAX_SEGMENTS {
            return Err(bad());
        }
        p.min_segments = a;
        p.max_segments = b;
    }
    Ok(g)
}

/// The parameters of a Spider dataset given by name (the `CREATE EXTERNAL TABLE` form).
#[derive(Debug, Clone, PartialEq)]
pub struct NamedParameters {
    /// The distribution name.
    pub distribution: String,
    /// The number of rows.
    pub cardinality: u64,
    /// The seed (0 when absent).
    pub seed: u64,
    /// The other options, in the order given.
    pub options: Vec<(String, String)>,
}

/// Splits named options into the distribution and the cardinality, both required, the
/// seed and the other options.
pub fn named_parameters(options: &[(String, String)]) -> Result<NamedParameters> {
    let get = |k: &str| {
        options
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let Some(distribution) = get("distribution") else {
        return plan_err!(
            "{WHO}: missing option 'distribution' (one of {})",
            DISTRIBUTION_NAMES.join(", ")
        );
    };
    let Some(cardinality) = get("cardinality") else {
        return plan_err!("{WHO}: missing option 'cardinality' (the number of rows)");
    };
    let cardinality = u64_from_str(WHO, "cardinality", cardinality, 1, i64::MAX as u64)?;
    let seed = match get("seed") {
        Some(s) => u64_from_str(WHO, "seed", s, 0, u64::MAX)?,
        None => 0,
    };
    let options = options
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "distribution" | "cardinality" | "seed"))
        .cloned()
        .collect();
    Ok(NamedParameters {
        distribution: distribution.to_string(),
        cardinality,
        seed,
        options,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(s: &str) -> Vec<(String, String)> {
        parse_option_string(s).unwrap()
    }

    #[test]
    fn parses_options() {
        let spec = build_spec(
            "diagonal",
            10,
            7,
            &opts("percentage=0.3 buffer=0.2 affine=2,0,0,0,2,0 format=xy"),
        )
        .unwrap();
        assert_eq!(
            spec.distribution,
            SpiderDistribution::Diagonal(Diagonal {
                percentage: 0.3,
                buffer: 0.2
            })
        );
        assert_eq!(spec.format, GeometryFormat::Xy);
        assert_eq!(spec.affine, Some(Affine([2.0, 0.0, 0.0, 0.0, 2.0, 0.0])));
        assert_eq!(
            spec.descriptor(),
            "spider('diagonal', 10, 7, 'percentage=0.3 buffer=0.2 affine=2,0,0,0,2,0 format=xy')"
        );
    }

    fn err(d: &str, o: &str) -> String {
        build_spec(d, 10, 0, &opts(o))
            .unwrap_err()
            .strip_backtrace()
    }

    #[test]
    fn rejects_bad_options() {
        assert_eq!(
            err("diagonal", "percentag=0.3"),
            "Error during planning: spider: unknown option 'percentag'; did you mean 'percentage'? valid options: distribution, cardinality, seed, geometry, percentage, buffer, probability, digits, srange, dither, maxsize, segments, dimensions, affine, format"
        );
        assert_eq!(
            err("uniform", "digits=3"),
            "Error during planning: spider: option 'digits' does not apply to distribution 'uniform' (it applies to: bit)"
        );
        assert_eq!(
            err("bit", "digits=53"),
            "Error during planning: spider: invalid value for 'digits': 53; allowed: an integer in 1..=52"
        );
        assert_eq!(
            err("diagonal", "percentage=NaN"),
            "Error during planning: spider: invalid value for 'percentage': NaN; allowed: a finite number in [0, 1]"
        );
        assert_eq!(
            err("uniform", "affine=1,0,0,2,0,0"),
            "Error during planning: spider: invalid value for 'affine': 1,0,0,2,0,0; allowed: a non-singular matrix (a1·a5 − a2·a4 ≠ 0)"
        );
        assert_eq!(
            err("gausian", ""),
            "Error during planning: spider: invalid value for 'distribution': 'gausian'; allowed: did you mean 'gaussian'? one of uniform, gaussian, diagonal, bit, sierpinski, parcel"
        );
    }
}
