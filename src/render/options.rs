//! The options of `COPY … STORED AS PNG`: image size, extent, the columns drawn, the mode,
//! colours. Every bad value is an error naming the option, the value and what is allowed.

use std::collections::HashMap;

use datafusion::common::{Result, plan_err};

use super::colour::{Colormap, Rgba};

/// Largest width or height: a raster costs 4 bytes per pixel per rendering worker.
pub const MAX_SIDE: u32 = 8192;
/// Width when none is given.
pub const DEFAULT_WIDTH: u32 = 1024;

/// What is drawn for each geometry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Coverage summed over all rows, shown with the colour map (log scale by default).
    Density,
    /// Boundaries only, in one colour.
    Outline,
    /// Interiors, in one colour.
    Fill,
}

/// How density values map to the colour map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Log,
    Linear,
}

/// `[xmin, ymin, xmax, ymax]` in data coordinates.
pub type Extent = [f64; 4];

/// The options of one image.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// The drawn area; `None`: the data's bounds (a first pass over the query).
    pub extent: Option<Extent>,
    /// The geometry column; `None`: the first geometry column of the schema.
    pub geometry: Option<String>,
    /// Numeric columns drawn as points (`x`, `y`) or a histogram (`x` alone).
    pub x: Option<String>,
    pub y: Option<String>,
    pub mode: Mode,
    pub scale: Scale,
    pub colormap: Colormap,
    pub background: Rgba,
    /// The ink of `outline`, `fill` and histogram bars.
    pub color: Rgba,
}

impl Default for RenderOptions {
    fn default() -> Self {
        Self {
            width: None,
            height: None,
            extent: None,
            geometry: None,
            x: None,
            y: None,
            mode: Mode::Density,
            scale: Scale::Log,
            colormap: Colormap::Viridis,
            background: Rgba::WHITE,
            color: Rgba::rgb(0x3b, 0x52, 0x8b),
        }
    }
}

/// The option names (in the error on an unknown one, and for applications that pass options
/// through, such as the web page's `image.<option>` parameters).
pub const KEYS: &[&str] = &[
    "width",
    "height",
    "extent",
    "geometry",
    "x",
    "y",
    "mode",
    "scale",
    "colormap",
    "background",
    "color",
];

impl RenderOptions {
    /// Reads `COPY` options (`format.width` or `width`; keys of DataFusion's own namespaces,
    /// such as `execution.*`, are left to DataFusion).
    pub fn from_options(options: &HashMap<String, String>) -> Result<Self> {
        let mut out = Self::default();
        let mut keys: Vec<_> = options.iter().collect();
        keys.sort();
        for (key, value) in keys {
            let key = key.to_ascii_lowercase();
            let name = match key.strip_prefix("format.") {
                Some(k) => k,
                None if key.contains('.') => continue,
                None => key.as_str(),
            };
            out.set(name, value)?;
        }
        Ok(out)
    }

    /// Sets one option by name.
    pub fn set(&mut self, name: &str, value: &str) -> Result<()> {
        let v = value.trim();
        match name {
            "width" => self.width = Some(side("width", v)?),
            "height" => self.height = Some(side("height", v)?),
            "extent" => self.extent = Some(extent(v)?),
            "geometry" => self.geometry = Some(column("geometry", v)?),
            "x" => self.x = Some(column("x", v)?),
            "y" => self.y = Some(column("y", v)?),
            "mode" => {
                self.mode = match v.to_ascii_lowercase().as_str() {
                    "density" => Mode::Density,
                    "outline" => Mode::Outline,
                    "fill" => Mode::Fill,
                    _ => return bad("mode", value, "'density', 'outline' or 'fill'"),
                }
            }
            "scale" => {
                self.scale = match v.to_ascii_lowercase().as_str() {
                    "log" => Scale::Log,
                    "linear" => Scale::Linear,
                    _ => return bad("scale", value, "'log' or 'linear'"),
                }
            }
            "colormap" => {
                self.colormap = Colormap::parse(v)
                    .ok_or(())
                    .or_else(|_| bad("colormap", value, Colormap::ALLOWED))?
            }
            "background" => self.background = colour("background", v)?,
            "color" | "colour" => self.color = colour("color", v)?,
            _ => {
                return plan_err!("PNG: unknown option '{name}'; allowed: {}", KEYS.join(", "));
            }
        }
        Ok(())
    }
}

fn bad<T>(option: &str, value: &str, allowed: &str) -> Result<T> {
    plan_err!("PNG: invalid value for '{option}': '{value}'; allowed: {allowed}")
}

fn side(option: &str, v: &str) -> Result<u32> {
    match v.parse::<u32>() {
        Ok(n) if (1..=MAX_SIDE).contains(&n) => Ok(n),
        _ => bad(option, v, &format!("an integer in 1..={MAX_SIDE}")),
    }
}

fn column(option: &str, v: &str) -> Result<String> {
    if v.is_empty() {
        return bad(option, v, "a column name");
    }
    Ok(v.to_string())
}

fn extent(v: &str) -> Result<Extent> {
    const ALLOWED: &str =
        "four finite numbers 'xmin,ymin,xmax,ymax' with xmin < xmax and ymin < ymax";
    let parts: Vec<f64> = v
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<std::result::Result<_, _>>()
        .or_else(|_| bad("extent", v, ALLOWED))?;
    match parts[..] {
        [x0, y0, x1, y1]
            if parts.iter().all(|p| p.is_finite())
                && x0 < x1
                && y0 < y1
                && (x1 - x0).is_finite()
                && (y1 - y0).is_finite() =>
        {
            Ok([x0, y0, x1, y1])
        }
        _ => bad("extent", v, ALLOWED),
    }
}

fn colour(option: &str, v: &str) -> Result<Rgba> {
    Rgba::parse(v).ok_or(()).or_else(|_| {
        bad(
            option,
            v,
            "'#rrggbb', '#rrggbbaa', 'white', 'black' or 'transparent'",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(pairs: &[(&str, &str)]) -> Result<RenderOptions> {
        let map = pairs
            .iter()
            .map(|(k, v)| (format!("format.{k}"), v.to_string()))
            .collect();
        RenderOptions::from_options(&map)
    }

    #[test]
    fn reads_every_option() {
        let o = opts(&[
            ("width", "640"),
            ("height", "480"),
            ("extent", "0, 0, 2, 1"),
            ("mode", "FILL"),
            ("colormap", "magma"),
            ("background", "#00000000"),
        ])
        .unwrap();
        assert_eq!((o.width, o.height), (Some(640), Some(480)));
        assert_eq!(o.extent, Some([0.0, 0.0, 2.0, 1.0]));
        assert_eq!(o.mode, Mode::Fill);
        assert_eq!(o.background, Rgba([0, 0, 0, 0]));
    }

    #[test]
    fn names_option_value_and_what_is_allowed() {
        let err = |pairs: &[(&str, &str)]| opts(pairs).unwrap_err().strip_backtrace();
        assert_eq!(
            err(&[("width", "100000")]),
            "Error during planning: PNG: invalid value for 'width': '100000'; allowed: an integer in 1..=8192"
        );
        assert_eq!(
            err(&[("height", "0")]),
            "Error during planning: PNG: invalid value for 'height': '0'; allowed: an integer in 1..=8192"
        );
        assert!(err(&[("extent", "1,0,0,1")]).contains("with xmin < xmax"));
        assert!(err(&[("extent", "0,0,inf,1")]).contains("four finite numbers"));
        assert!(err(&[("mode", "dots")]).contains("'density', 'outline' or 'fill'"));
        assert!(
            err(&[("bogus", "1")])
                .starts_with("Error during planning: PNG: unknown option 'bogus'")
        );
    }
}
