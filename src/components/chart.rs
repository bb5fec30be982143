//! A plotters chart on a canvas: drawn at the device pixel ratio, redrawn when its data or its
//! width changes (told by a `ResizeObserver` after layout, never read in the draw: that forced
//! a layout of the whole page once per chart), with a tooltip that follows the pointer or the
//! arrow keys and that Esc dismisses. The numbers are also in the chart's data-table twin.

use leptos::ev;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::charts::backend::ChartBackend;
use crate::charts::canvas::CanvasBackend;
use crate::charts::{ChartStyle, DrawResult, PlotArea};

#[component]
pub fn ChartCanvas<D, T>(
    /// What the chart shows, for screen readers.
    #[prop(into)]
    label: String,
    /// Height in CSS pixels.
    #[prop(into)]
    height: Signal<u32>,
    /// Draws the chart; reads reactive data, so the chart redraws when it changes.
    draw: D,
    /// The tooltip of a bar.
    tooltip: T,
    /// The chart's name in downloaded files (`actions`…): with it, the chart downloads as PNG
    /// and SVG.
    #[prop(optional)]
    file: Option<&'static str>,
    /// A bar picked (a click, or Enter or Space on the bar chosen with the arrow keys), and
    /// whether Shift was down: the chart's marks filter the others.
    #[prop(optional, into)]
    on_pick: Option<Callback<(usize, bool)>>,
) -> impl IntoView
where
    D: for<'b> Fn(&DrawingArea<ChartBackend<'b>, Shift>, ChartStyle) -> DrawResult + 'static,
    T: Fn(usize) -> Option<String> + Send + Sync + 'static,
{
    let draw = std::rc::Rc::new(draw);
    let draw_svg = draw.clone();
    let canvas_ref = NodeRef::<Canvas>::new();
    let area = RwSignal::new(PlotArea::default());
    let scale = RwSignal::new(1.0f64);
    // The bar under the pointer or chosen with the keyboard, and where to show its tooltip.
    let active = RwSignal::new(None::<(usize, f64, f64)>);
    // The canvas's width in CSS pixels, once laid out.
    let width = RwSignal::new(None::<f64>);
    super::observers::watch_width(canvas_ref, width);
    close_on_escape(active);

    let name = format!("draw:{}", file.unwrap_or("chart"));
    draw_when_changed(
        canvas_ref,
        (width, height),
        draw,
        (area, scale, active),
        name,
    );

    let (on_move, on_click) = pointer_handlers(area, scale, active, on_pick);
    let on_key = chart_keys(area, active, scale, on_pick);
    let downloads = file.map(|file| {
        let size = (width, height);
        chart_downloads(&label, file, canvas_ref, size, draw_svg)
    });
    view! {
        <div class="chart" tabindex="0" role="group" aria-label=crate::i18n::tf("chart.group", &[("label", &label)])
            on:keydown=on_key on:blur=move |_| active.set(None)>
            // The plot's box in CSS pixels and its bar count (`left top right bottom bars`):
            // where a pointer picks which bar, for people's tools and the tests.
            <canvas node_ref=canvas_ref class="chart__canvas" style=move || format!("height: {}px", height.get())
                data-plot=move || plot_box(&area.get(), scale.get())
                aria-hidden="true" class:chart__canvas--picks=on_pick.is_some()
                on:mousemove=on_move on:click=on_click on:mouseleave=move |_| active.set(None)></canvas>
            <ChartTooltip active tooltip />
        </div>
        {downloads}
    }
}

/// Lets go of the chosen bar (and its tooltip) on Escape, while the chart is there.
fn close_on_escape(active: RwSignal<Chosen>) {
    let escape = window_event_listener(ev::keydown, move |event| {
        if event.key() == "Escape" {
            active.set(None);
        }
    });
    on_cleanup(move || escape.remove());
}

/// The pointer's handlers: moving chooses the bar under it, a click picks it (with Shift, a
/// run to it).
fn pointer_handlers(
    area: RwSignal<PlotArea>,
    scale: RwSignal<f64>,
    active: RwSignal<Chosen>,
    on_pick: Option<Callback<(usize, bool)>>,
) -> (
    impl Fn(ev::MouseEvent) + Copy + 'static,
    impl Fn(ev::MouseEvent) + Copy + 'static,
) {
    // The bar under the pointer, and where the pointer is (CSS pixels).
    let under = move |event: &ev::MouseEvent| {
        let ratio = scale.get_untracked();
        let (x, y) = (f64::from(event.offset_x()), f64::from(event.offset_y()));
        let bucket = area
            .get_untracked()
            .bucket_at((x * ratio) as i32, (y * ratio) as i32);
        (bucket, x, y)
    };
    let on_move = move |event: ev::MouseEvent| {
        let (bucket, x, y) = under(&event);
        active.set(bucket.map(|b| (b, x, y)));
    };
    let on_click = move |event: ev::MouseEvent| {
        if let (Some(pick), (Some(bucket), _, _)) = (on_pick, under(&event)) {
            pick.run((bucket, event.shift_key()));
        }
    };
    (on_move, on_click)
}

/// The chosen bar's tooltip, beside the pointer (or the bar chosen with the keys).
#[component]
fn ChartTooltip<T>(active: RwSignal<Chosen>, tooltip: T) -> impl IntoView
where
    T: Fn(usize) -> Option<String> + Send + Sync + 'static,
{
    let text = Signal::derive(move || active.get().and_then(|(bucket, _, _)| tooltip(bucket)));
    let style = move || match active.get() {
        Some((_, x, y)) => format!("left: {}px; top: {}px;", x + 14.0, y + 14.0),
        None => String::new(),
    };
    view! {
        <div class="chart__tooltip" role="status" aria-live="polite" style=style hidden=move || text.with(Option::is_none)>
            {text}
        </div>
    }
}

/// The plot's box in CSS pixels and its bar count, as `data-plot` tells it.
fn plot_box(plot: &PlotArea, ratio: f64) -> String {
    let css = |px: i32| (f64::from(px) / ratio).round();
    let (left, top) = (css(plot.left), css(plot.top));
    let (right, bottom) = (css(plot.right), css(plot.bottom));
    format!("{left} {top} {right} {bottom} {}", plot.buckets)
}

/// The bar chosen (under the pointer, or with the keys) and where its tooltip goes, in CSS
/// pixels.
type Chosen = Option<(usize, f64, f64)>;

/// Draws the chart on its canvas whenever its width, its height, its data or the colour scheme
/// change, at the device's pixel density, timed as `name`; keeps where its bars are (`area`,
/// `scale`) for the pointer and the keys, and lets go of a chosen bar no longer drawn.
fn draw_when_changed<D>(
    canvas_ref: NodeRef<Canvas>,
    (width, height): (RwSignal<Option<f64>>, Signal<u32>),
    draw: std::rc::Rc<D>,
    (area, scale, active): (RwSignal<PlotArea>, RwSignal<f64>, RwSignal<Chosen>),
    name: String,
) where
    D: for<'b> Fn(&DrawingArea<ChartBackend<'b>, Shift>, ChartStyle) -> DrawResult + 'static,
{
    let scheme = crate::scheme::use_colour_scheme();
    Effect::new(move |_| {
        let Some(css_width) = width.get() else {
            return;
        };
        let Some(canvas) = canvas_ref.get_untracked() else {
            return;
        };
        let ratio = window().device_pixel_ratio().max(1.0);
        let width = css_width.max(280.0);
        // Setting a canvas's size, even to the same, reallocates and clears it: only when it
        // changed (each draw fills its background).
        let size = (
            (width * ratio).round() as u32,
            (f64::from(height.get()) * ratio).round() as u32,
        );
        if (canvas.width(), canvas.height()) != size {
            canvas.set_width(size.0);
            canvas.set_height(size.1);
        }
        let Some(backend) = CanvasBackend::new(&canvas) else {
            return;
        };
        let started = crate::browser::precise_now();
        let root = ChartBackend::Canvas(backend).into_drawing_area();
        let style = ChartStyle {
            scale: ratio,
            theme: scheme.theme(),
            thousands: crate::numbers::separator(),
        };
        match draw(&root, style) {
            Ok(drawn) => {
                scale.set(ratio);
                // The bar chosen stays chosen (a pick with the keyboard redraws the chart, and
                // in portal mode first without bars while the new figures are asked).
                let buckets = drawn.buckets;
                area.set(drawn);
                let gone = |(bucket, _, _): (usize, f64, f64)| buckets > 0 && bucket >= buckets;
                if active.with_untracked(|a| a.is_some_and(gone)) {
                    active.set(None);
                }
            }
            Err(error) => leptos::logging::warn!("chart not drawn: {error}"),
        }
        let _ = root.present();
        crate::browser::measure(&name, started, crate::browser::precise_now() - started);
    });
}

/// The chart's keys: the arrows along its bars, Home and End choose a bar (its tooltip shown);
/// Enter or Space picks the bar chosen, with Shift as it was.
fn chart_keys(
    area: RwSignal<PlotArea>,
    active: RwSignal<Chosen>,
    scale: RwSignal<f64>,
    on_pick: Option<Callback<(usize, bool)>>,
) -> impl Fn(ev::KeyboardEvent) + Copy + 'static {
    move |event: ev::KeyboardEvent| {
        let plot = area.get_untracked();
        if plot.buckets == 0 {
            return;
        }
        let current = active.get_untracked().map(|(b, _, _)| b);
        if matches!(event.key().as_str(), "Enter" | " ") {
            if let (Some(pick), Some(bucket)) = (on_pick, current) {
                event.prevent_default();
                pick.run((bucket, event.shift_key()));
            }
            return;
        }
        let (back, forward) = if plot.horizontal {
            ("ArrowUp", "ArrowDown")
        } else {
            ("ArrowLeft", "ArrowRight")
        };
        let next = match event.key().as_str() {
            key if key == forward => current.map_or(0, |b| (b + 1).min(plot.buckets - 1)),
            key if key == back => current.map_or(0, |b| b.saturating_sub(1)),
            "Home" => 0,
            "End" => plot.buckets - 1,
            _ => return,
        };
        event.prevent_default();
        let (x, y) = bucket_center(&plot, next, scale.get_untracked());
        active.set(Some((next, x, y)));
    }
}

/// The chart's downloads, named after `file`: a PNG of the canvas as it is on screen (at the
/// device's pixel density), and the same drawing into an SVG at the canvas's `size` in CSS
/// pixels (its width as the observer last told it).
fn chart_downloads<D>(
    label: &str,
    file: &'static str,
    canvas_ref: NodeRef<Canvas>,
    (width, height): (RwSignal<Option<f64>>, Signal<u32>),
    draw: std::rc::Rc<D>,
) -> impl IntoView
where
    D: for<'b> Fn(&DrawingArea<ChartBackend<'b>, Shift>, ChartStyle) -> DrawResult + 'static,
{
    let data = crate::state::use_log_data();
    let scheme = crate::scheme::use_colour_scheme();
    let file_name = move |extension: &str| {
        let window = data.view.get_untracked().window;
        crate::export::file_name(file, &window, extension)
    };
    let save_png = move |_| {
        if let Some(url) = canvas_ref
            .get_untracked()
            .and_then(|c| c.to_data_url().ok())
        {
            crate::browser::download_url(&file_name("png"), &url);
        }
    };
    let save_svg = move |_| {
        let size = (
            width.get_untracked().unwrap_or(0.0).max(280.0) as u32,
            height.get_untracked(),
        );
        let style = ChartStyle {
            scale: 1.0,
            theme: scheme.theme(),
            thousands: crate::numbers::separator(),
        };
        let mut text = String::new();
        {
            let root =
                ChartBackend::Svg(SVGBackend::with_string(&mut text, size)).into_drawing_area();
            if draw(&root, style).is_err() || root.present().is_err() {
                return;
            }
        }
        crate::browser::download(&file_name("svg"), "image/svg+xml", text.as_bytes());
    };
    let group = crate::i18n::tf("chart.download_group", &[("label", label)]);
    let png = crate::i18n::tf("chart.download_png", &[("label", label)]);
    let svg = crate::i18n::tf("chart.download_svg", &[("label", label)]);
    view! {
        <div class="downloads" role="group" aria-label=group>
            <span class="downloads__label" aria-hidden="true">{crate::i18n::t("download.label")}</span>
            <button type="button" class="link-button" data-download="png" aria-label=png on:click=save_png>"PNG"</button>
            <button type="button" class="link-button" data-download="svg" aria-label=svg on:click=save_svg>"SVG"</button>
        </div>
    }
}

/// The middle of a bar, in CSS pixels.
fn bucket_center(plot: &PlotArea, bucket: usize, scale: f64) -> (f64, f64) {
    let slot = |start: i32, end: i32| {
        f64::from(start) + (bucket as f64 + 0.5) * f64::from(end - start) / plot.buckets as f64
    };
    let (x, y) = if plot.horizontal {
        (f64::from(plot.left) + 8.0, slot(plot.top, plot.bottom))
    } else {
        (slot(plot.left, plot.right), f64::from(plot.top) + 8.0)
    };
    (x / scale, y / scale)
}
