//! Charts drawn as inline SVG on the server: no JavaScript, accessible
//! (a title, a description and a text table of the same numbers beside it).

use std::fmt::Write;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A horizontal bar chart. `id` names the chart for tests (`data-chart`).
pub fn bar_chart(id: &str, title: &str, rows: &[(String, i64)]) -> String {
    let bar_h = 22;
    let gap = 6;
    let label_w = 290;
    let chart_w = 300;
    let height = (rows.len().max(1) as i32) * (bar_h + gap) + 10;
    let width = label_w + chart_w + 50;
    let max = rows.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg data-chart="{id}" role="img" aria-labelledby="{id}-title" viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title>"#,
        esc(title)
    );
    if rows.is_empty() {
        let _ = write!(s, r##"<text x="0" y="20" fill="#333" font-size="14">Belum ada data.</text>"##);
    }
    for (i, (label, v)) in rows.iter().enumerate() {
        let y = (i as i32) * (bar_h + gap) + 5;
        let w = ((*v as f64 / max as f64) * chart_w as f64).round() as i64;
        let _ = write!(
            s,
            r##"<g><text x="{lx}" y="{ty}" text-anchor="end" font-size="13" fill="#1f2933">{label}</text><rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" fill="#0b5cad" rx="3"><title>{label}: {v}</title></rect><text x="{vx}" y="{ty}" font-size="13" fill="#1f2933">{v}</text></g>"##,
            lx = label_w - 8,
            ty = y + 16,
            label = esc(label),
            vx = label_w as i64 + w + 6,
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_and_escape() {
        let svg = bar_chart("x", "Judul <a>", &[("Dinas & Badan".into(), 10), ("B".into(), 5)]);
        assert!(svg.contains(r#"data-chart="x""#));
        assert!(svg.contains("Dinas &amp; Badan"));
        assert!(svg.contains(r#"width="300""#));
        assert!(svg.contains(r#"width="150""#));
        assert!(!svg.contains("<a>"));
    }
}
