//! Colours: RGBA values parsed from options, the colour maps of density images (colorous'
//! gradients, sampled into a 256-entry table once per image) and alpha blending.

use colorous::Gradient;

/// An 8-bit RGBA colour (straight, not premultiplied, alpha).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgba(pub [u8; 4]);

impl Rgba {
    pub const WHITE: Rgba = Rgba([255, 255, 255, 255]);
    pub const BLACK: Rgba = Rgba([0, 0, 0, 255]);
    pub const TRANSPARENT: Rgba = Rgba([0, 0, 0, 0]);

    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Rgba([r, g, b, 255])
    }

    /// `#rrggbb`, `#rrggbbaa`, `white`, `black` or `transparent`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_lowercase().as_str() {
            "white" => return Some(Self::WHITE),
            "black" => return Some(Self::BLACK),
            "transparent" | "none" => return Some(Self::TRANSPARENT),
            _ => {}
        }
        let hex = text.strip_prefix('#')?;
        if !(hex.len() == 6 || hex.len() == 8) || !hex.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        let alpha = if hex.len() == 8 { byte(6)? } else { 255 };
        Some(Rgba([byte(0)?, byte(2)?, byte(4)?, alpha]))
    }

    /// `ink` over `self` with `ink`'s alpha scaled by `coverage` in `0..=255`.
    pub fn blend(self, ink: Rgba, coverage: u8) -> Rgba {
        let a_ink = u32::from(ink.0[3]) * u32::from(coverage) / 255;
        let a_bg = u32::from(self.0[3]);
        // Porter-Duff "over" with straight alpha, in integers (rounded down).
        let a_out = a_ink + a_bg * (255 - a_ink) / 255;
        if a_out == 0 {
            return Rgba::TRANSPARENT;
        }
        let mut out = [0u8; 4];
        for (c, o) in out.iter_mut().enumerate().take(3) {
            let num =
                u32::from(ink.0[c]) * a_ink * 255 + u32::from(self.0[c]) * a_bg * (255 - a_ink);
            *o = (num / (255 * a_out)) as u8;
        }
        out[3] = a_out as u8;
        Rgba(out)
    }
}

/// The colour maps of density images.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colormap {
    Viridis,
    Magma,
    Inferno,
    Plasma,
    Cividis,
    Turbo,
    Greys,
    Blues,
}

impl Colormap {
    pub const ALLOWED: &'static str =
        "'viridis', 'magma', 'inferno', 'plasma', 'cividis', 'turbo', 'greys' or 'blues'";

    pub fn parse(name: &str) -> Option<Self> {
        Some(match name.to_ascii_lowercase().as_str() {
            "viridis" => Self::Viridis,
            "magma" => Self::Magma,
            "inferno" => Self::Inferno,
            "plasma" => Self::Plasma,
            "cividis" => Self::Cividis,
            "turbo" => Self::Turbo,
            "greys" | "grays" | "grey" | "gray" => Self::Greys,
            "blues" => Self::Blues,
            _ => return None,
        })
    }

    fn gradient(self) -> Gradient {
        match self {
            Self::Viridis => colorous::VIRIDIS,
            Self::Magma => colorous::MAGMA,
            Self::Inferno => colorous::INFERNO,
            Self::Plasma => colorous::PLASMA,
            Self::Cividis => colorous::CIVIDIS,
            Self::Turbo => colorous::TURBO,
            Self::Greys => colorous::GREYS,
            Self::Blues => colorous::BLUES,
        }
    }

    /// 256 colours from the low end (index 0) to the high end (255). The single-hue maps
    /// (greys, blues) run from light to dark so that high density is the strongest ink.
    pub fn table(self) -> [Rgba; 256] {
        let g = self.gradient();
        let mut out = [Rgba::BLACK; 256];
        for (i, o) in out.iter_mut().enumerate() {
            let c = g.eval_rational(i, 256);
            *o = Rgba::rgb(c.r, c.g, c.b);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_colours() {
        assert_eq!(Rgba::parse("#ff8000"), Some(Rgba([255, 128, 0, 255])));
        assert_eq!(Rgba::parse("#FF800080"), Some(Rgba([255, 128, 0, 128])));
        assert_eq!(Rgba::parse("Transparent"), Some(Rgba::TRANSPARENT));
        assert_eq!(Rgba::parse("#ff80"), None);
        assert_eq!(Rgba::parse("#gg0000"), None);
        assert_eq!(Rgba::parse("#ffé000"), None);
    }

    #[test]
    fn blends_over() {
        let ink = Rgba::rgb(0, 0, 0);
        assert_eq!(Rgba::WHITE.blend(ink, 255), Rgba::BLACK);
        assert_eq!(Rgba::WHITE.blend(ink, 0), Rgba::WHITE);
        assert_eq!(Rgba::TRANSPARENT.blend(ink, 255), Rgba::BLACK);
        assert_eq!(Rgba::TRANSPARENT.blend(ink, 0), Rgba::TRANSPARENT);
        let half = Rgba::WHITE.blend(ink, 128);
        assert!(half.0[0] > 120 && half.0[0] < 130, "{half:?}");
    }

    #[test]
    fn tables_span_the_gradient() {
        let t = Colormap::Viridis.table();
        assert_ne!(t[0], t[255]);
        // viridis starts dark purple and ends yellow.
        assert!(t[0].0[2] > t[0].0[1] && t[255].0[0] > 200);
    }
}
