//! From counts to a PNG: density grids through the colour map (log scale by default),
//! outline and fill grids as one ink over the background, histograms as bars; encoded by the
//! `png` crate with the extent and row count as text chunks.

use datafusion::common::{DataFusionError, Result};

use super::histogram::Histogram;
use super::options::{Extent, Mode, RenderOptions, Scale};
use super::raster::{Grid, UNIT};

/// What was drawn, ready to colour.
pub enum Drawn {
    Grid(Grid),
    Histogram { bins: Histogram, height: u32 },
}

/// The RGBA pixels (row-major from the top-left) of `drawn`.
pub fn colour(drawn: &Drawn, options: &RenderOptions) -> (u32, u32, Vec<u8>) {
    match drawn {
        Drawn::Grid(g) => (g.width, g.height, colour_grid(g, options)),
        Drawn::Histogram { bins, height } => {
            let width = bins.bins.len() as u32;
            (width, *height, colour_bars(&bins.bins, *height, options))
        }
    }
}

/// Where `v` lies between 0 and `max`, in `[0, 1]`.
fn level(v: f64, max: f64, scale: Scale) -> f64 {
    if max <= 0.0 {
        return 0.0;
    }
    match scale {
        Scale::Linear => v / max,
        Scale::Log => v.ln_1p() / max.ln_1p(),
    }
}

fn colour_grid(g: &Grid, o: &RenderOptions) -> Vec<u8> {
    let mut out = Vec::with_capacity(g.cells.len() * 4);
    let bg = o.background;
    match o.mode {
        Mode::Density => {
            let table = o.colormap.table();
            // Levels in fully covered pixels: one point is 1.
            let unit = f64::from(UNIT);
            let max = f64::from(*g.cells.iter().max().unwrap_or(&0)) / unit;
            for &c in &g.cells {
                let px = if c == 0 {
                    bg
                } else {
                    let t = level(f64::from(c) / unit, max, o.scale);
                    let ink = table[(t * 255.0).round().clamp(0.0, 255.0) as usize];
                    // Coverage below one pixel fades in over the background.
                    bg.blend(ink, (f64::from(c) * 255.0 / unit).clamp(1.0, 255.0) as u8)
                };
                out.extend_from_slice(&px.0);
            }
        }
        Mode::Outline | Mode::Fill => {
            for &c in &g.cells {
                let cov = (u64::from(c) * 255 / u64::from(UNIT)).min(255) as u8;
                out.extend_from_slice(&bg.blend(o.color, cov).0);
            }
        }
    }
    out
}

fn colour_bars(bins: &[u64], height: u32, o: &RenderOptions) -> Vec<u8> {
    let width = bins.len();
    let max = bins.iter().copied().max().unwrap_or(0);
    let tops: Vec<u32> = bins
        .iter()
        .map(|&b| {
            let h = (level(b as f64, max as f64, o.scale) * f64::from(height)).round() as u32;
            // A non-empty bin is at least one pixel high.
            if b > 0 { h.max(1) } else { 0 }
        })
        .collect();
    let mut out = Vec::with_capacity(width * height as usize * 4);
    for y in 0..height {
        for &top in &tops {
            let lit = height - y <= top;
            out.extend_from_slice(&if lit { o.color } else { o.background }.0);
        }
    }
    out
}

/// Encodes RGBA pixels as a PNG, with the extent and the row count as `tEXt` chunks.
pub fn encode_png(
    width: u32,
    height: u32,
    rgba: &[u8],
    extent: Extent,
    rows: u64,
) -> Result<Vec<u8>> {
    let err =
        |e: png::EncodingError| DataFusionError::Execution(format!("PNG: encoding failed: {e}"));
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Balanced);
        let [x0, y0, x1, y1] = extent;
        encoder
            .add_text_chunk("Software".into(), "datafusion-synth".into())
            .map_err(err)?;
        encoder
            .add_text_chunk("Extent".into(), format!("{x0},{y0},{x1},{y1}"))
            .map_err(err)?;
        encoder
            .add_text_chunk("Rows".into(), rows.to_string())
            .map_err(err)?;
        let mut writer = encoder.write_header().map_err(err)?;
        writer.write_image_data(rgba).map_err(err)?;
        writer.finish().map_err(err)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::colour::Rgba;

    #[test]
    fn density_is_background_where_nothing_is_and_brighter_where_more_is() {
        let mut g = Grid::new(3, 1);
        g.cells = vec![0, UNIT, 100 * UNIT];
        let rgba = colour_grid(&g, &RenderOptions::default());
        assert_eq!(&rgba[0..4], &Rgba::WHITE.0);
        let luminance = |p: &[u8]| u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2]);
        // viridis: the high end (yellow) is brighter than the low end (purple).
        assert!(luminance(&rgba[8..12]) > luminance(&rgba[4..8]));
    }

    #[test]
    fn bars_rise_from_the_bottom() {
        let o = RenderOptions {
            scale: Scale::Linear,
            ..RenderOptions::default()
        };
        let rgba = colour_bars(&[4, 2, 0], 4, &o);
        let lit = |x: usize, y: usize| rgba[(y * 3 + x) * 4..][..4] == o.color.0;
        assert!((0..4).all(|y| lit(0, y)));
        assert!(!lit(1, 1) && lit(1, 2) && lit(1, 3));
        assert!((0..4).all(|y| !lit(2, y)));
    }

    #[test]
    fn encodes_a_png_that_decodes() {
        let rgba = vec![255u8; 2 * 3 * 4];
        let bytes = encode_png(2, 3, &rgba, [0.0, 0.0, 1.0, 1.0], 7).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let reader = decoder.read_info().unwrap();
        let info = reader.info();
        assert_eq!((info.width, info.height), (2, 3));
        assert!(
            info.uncompressed_latin1_text
                .iter()
                .any(|t| t.keyword == "Rows" && t.text == "7")
        );
    }
}
