//! What the SVG bar charts of the reports and dashboards share: the card
//! they stand in (a captioned figure with a scalable SVG), their legend
//! and the arithmetic of their geometry. Each chart lays out its own bars.

use leptos::prelude::*;

use crate::i18n::{I18n, Key, use_i18n};

/// A count for a chart's arithmetic.
#[allow(clippy::cast_precision_loss)]
pub fn count(value: u64) -> f64 {
    value as f64
}

/// A number as an SVG attribute.
pub fn n(value: f64) -> String {
    format!("{value:.1}")
}

/// A label cut to fit the chart's label column.
pub fn short(label: &str) -> String {
    const MAX: usize = 26;
    if label.chars().count() <= MAX {
        label.to_owned()
    } else {
        let cut: String = label.chars().take(MAX - 1).collect();
        format!("{cut}…")
    }
}

/// One entry of a chart's legend, at `x` on its top line: a swatch of the
/// bar class `class` and the series' name.
pub fn legend(i18n: I18n, x: f64, class: &'static str, key: Key) -> impl IntoView {
    view! {
        <rect x=n(x) y="6" width="12" height="12" rx="2" class=class />
        <text x=n(x + 18.0) y="16" class="chart__legend">{move || i18n.t(key)}</text>
    }
}

/// A chart's card: `title` as its caption and the SVG's name, the SVG
/// (`width` × `height` user units, scaled to the card) drawing `children`,
/// and `below` it whatever goes with the chart (a table).
#[component]
pub fn ChartCard(
    title: Key,
    testid: &'static str,
    width: f64,
    height: f64,
    #[prop(optional)] below: Option<AnyView>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <figure class="card chart" data-testid=testid>
            <figcaption class="card__title">{i18n.text(title)}</figcaption>
            <svg
                class="chart__svg"
                viewBox=format!("0 0 {} {}", n(width), n(height))
                width="100%"
                role="img"
                aria-label=i18n.text(title)
                preserveAspectRatio="xMinYMin meet"
            >
                {children()}
            </svg>
            {below}
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_labels_fit_the_chart() {
        assert_eq!(n(12.345), "12.3");
        assert_eq!(short("Curto"), "Curto");
        let long = "Contabilidade Horizonte Serviços Empresariais";
        assert_eq!(short(long).chars().count(), 26);
        assert!(short(long).ends_with('…'));
    }
}
