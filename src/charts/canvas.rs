//! The page's canvas as a plotters backend. It sets the context's fill, stroke, font and text
//! anchors only when they change (each setting is a string the browser parses again), and
//! measures text with the canvas's own `measureText`: plotters' default measures each label in
//! a span added to the page, which forces a layout of the whole page per label.

use std::cell::RefCell;

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontTransform,
};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// A failed canvas call, as the browser told it.
#[derive(Debug)]
pub struct CanvasError(String);

impl std::fmt::Display for CanvasError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "canvas: {}", self.0)
    }
}

impl std::error::Error for CanvasError {}

fn failed(error: JsValue) -> DrawingErrorKind<CanvasError> {
    DrawingErrorKind::DrawingError(CanvasError(format!("{error:?}")))
}

/// A colour as a comparable key (plotters' colour is not `PartialEq`).
type ColourKey = (u8, u8, u8, u64);

fn key(colour: BackendColor) -> ColourKey {
    let (r, g, b) = colour.rgb;
    (r, g, b, colour.alpha.to_bits())
}

fn css(colour: BackendColor) -> String {
    let (r, g, b) = colour.rgb;
    format!("rgba({r},{g},{b},{})", colour.alpha)
}

/// What the context was last set to (`None`: not known, set it).
#[derive(Default)]
struct Settings {
    fill: Option<ColourKey>,
    stroke: Option<(ColourKey, u32)>,
    font: Option<String>,
    anchor: Option<(&'static str, &'static str)>,
}

pub struct CanvasBackend {
    context: CanvasRenderingContext2d,
    size: (u32, u32),
    // Measuring text needs the font set, from `&self`.
    settings: RefCell<Settings>,
}

impl CanvasBackend {
    /// The backend of `canvas` at its current size; none when it has no 2D context.
    pub fn new(canvas: &HtmlCanvasElement) -> Option<Self> {
        let context = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        Some(CanvasBackend {
            context,
            size: (canvas.width(), canvas.height()),
            settings: RefCell::default(),
        })
    }

    fn set_fill(&self, colour: BackendColor) {
        let mut settings = self.settings.borrow_mut();
        if settings.fill != Some(key(colour)) {
            settings.fill = Some(key(colour));
            self.context.set_fill_style_str(&css(colour));
        }
    }

    fn set_stroke(&self, style: &impl BackendStyle) {
        let wanted = (key(style.color()), style.stroke_width());
        let mut settings = self.settings.borrow_mut();
        if settings.stroke != Some(wanted) {
            settings.stroke = Some(wanted);
            self.context.set_stroke_style_str(&css(style.color()));
            self.context.set_line_width(f64::from(style.stroke_width()));
        }
    }

    fn set_font(&self, style: &impl BackendTextStyle) {
        let font = format!(
            "{} {}px {}",
            style.style().as_str(),
            style.size(),
            style.family().as_str()
        );
        let mut settings = self.settings.borrow_mut();
        if settings.font.as_deref() != Some(font.as_str()) {
            self.context.set_font(&font);
            settings.font = Some(font);
        }
    }

    fn set_anchor(&self, style: &impl BackendTextStyle) {
        let baseline = match style.anchor().v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        };
        let align = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        };
        let mut settings = self.settings.borrow_mut();
        if settings.anchor != Some((baseline, align)) {
            settings.anchor = Some((baseline, align));
            self.context.set_text_baseline(baseline);
            self.context.set_text_align(align);
        }
    }

    fn rect(&self, upper_left: BackendCoord, bottom_right: BackendCoord) -> [f64; 4] {
        [
            f64::from(upper_left.0),
            f64::from(upper_left.1),
            f64::from(bottom_right.0 - upper_left.0),
            f64::from(bottom_right.1 - upper_left.1),
        ]
    }
}

/// A horizontal or vertical line moved by half a pixel, so that it covers whole pixels instead
/// of blurring over two.
fn sharp_line(from: BackendCoord, to: BackendCoord) -> ((f64, f64), (f64, f64)) {
    let (mut from, mut to) = (
        (f64::from(from.0), f64::from(from.1)),
        (f64::from(to.0), f64::from(to.1)),
    );
    if from.0 == to.0 {
        from.0 -= 0.5;
        to.0 -= 0.5;
    }
    if from.1 == to.1 {
        from.1 -= 0.5;
        to.1 -= 0.5;
    }
    (from, to)
}

impl DrawingBackend for CanvasBackend {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        Ok(())
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        colour: BackendColor,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if colour.alpha > 0.0 {
            self.set_fill(colour);
            let (x, y) = (f64::from(point.0), f64::from(point.1));
            self.context.fill_rect(x, y, 1.0, 1.0);
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha > 0.0 {
            let (from, to) = sharp_line(from, to);
            self.set_stroke(style);
            self.context.begin_path();
            self.context.move_to(from.0, from.1);
            self.context.line_to(to.0, to.1);
            self.context.stroke();
        }
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let [x, y, width, height] = self.rect(upper_left, bottom_right);
        if fill {
            self.set_fill(style.color());
            self.context.fill_rect(x, y, width, height);
        } else {
            self.set_stroke(style);
            self.context.stroke_rect(x, y, width, height);
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let mut path = path.into_iter();
        self.context.begin_path();
        if let Some(start) = path.next() {
            self.set_stroke(style);
            self.context.move_to(f64::from(start.0), f64::from(start.1));
            for next in path {
                self.context.line_to(f64::from(next.0), f64::from(next.1));
            }
        }
        self.context.stroke();
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vertices: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let mut vertices = vertices.into_iter();
        self.context.begin_path();
        if let Some(start) = vertices.next() {
            self.set_fill(style.color());
            self.context.move_to(f64::from(start.0), f64::from(start.1));
            for next in vertices {
                self.context.line_to(f64::from(next.0), f64::from(next.1));
            }
            self.context.close_path();
        }
        self.context.fill();
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        match fill {
            true => self.set_fill(style.color()),
            false => self.set_stroke(style),
        }
        self.context.begin_path();
        let (x, y) = (f64::from(center.0), f64::from(center.1));
        self.context
            .arc(x, y, f64::from(radius), 0.0, std::f64::consts::TAU)
            .map_err(failed)?;
        match fill {
            true => self.context.fill(),
            false => self.context.stroke(),
        }
        Ok(())
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        position: BackendCoord,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let degrees: f64 = match style.transform() {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => 90.0,
            FontTransform::Rotate180 => 180.0,
            FontTransform::Rotate270 => 270.0,
        };
        self.set_anchor(style);
        self.set_fill(style.color());
        self.set_font(style);
        let (x, y) = (f64::from(position.0), f64::from(position.1));
        if degrees == 0.0 {
            return self.context.fill_text(text, x, y).map_err(failed);
        }
        // Turned about its position, then turned back (no save and restore: they would undo
        // the settings made in between behind the backend's back).
        let turn = degrees.to_radians();
        self.context.translate(x, y).map_err(failed)?;
        self.context.rotate(turn).map_err(failed)?;
        let drawn = self.context.fill_text(text, 0.0, 0.0).map_err(failed);
        self.context.rotate(-turn).map_err(failed)?;
        self.context.translate(-x, -y).map_err(failed)?;
        drawn
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<CanvasError>> {
        self.set_font(style);
        let metrics = self.context.measure_text(text).map_err(failed)?;
        let height = metrics.font_bounding_box_ascent() + metrics.font_bounding_box_descent();
        // Unturned, as plotters' own estimate is.
        Ok((metrics.width().ceil() as u32, height.ceil() as u32))
    }
}
