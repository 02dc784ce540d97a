//! Table rules (WCAG 1.3.1): header cells head some cells, `headers` attributes point at cells
//! of the same table, data tables have header cells, and header cells have text.
//!
//! The table model follows HTML's: rows and cells with `colspan`/`rowspan`; a header cell
//! heads the cells below it (column header), to its right (row header), or both (`scope`
//! absent), except cells whose `headers` attribute names their headers explicitly. ARIA
//! tables (`role="table"`, `grid`, `treegrid`) are read from their `row` and cell roles.

use super::accname::{attribute_named, element, explicit_role, Dom, El};
use super::{Category, Context, Hit, Rule, Severity};
use crate::document::AttributeByName;
use ego_tree::NodeId;
use html5ever::local_name;
use rustc_hash::FxHashSet as HashSet;

/// A table exposed as one: a `<table>` without a role that removes it, or an ARIA table.
fn is_table<'a>(dom: &Dom<'a>, node: El<'a>) -> bool {
    matches!(dom.role(node), Some("table" | "grid" | "treegrid"))
        && element(&node).is_some_and(|e| {
            e.name() != "table"
                || explicit_role(e).is_none_or(|r| matches!(r, "table" | "grid" | "treegrid"))
        })
        && dom.in_tree(node)
}

/// Whether an element bounds a table: an HTML `<table>` or an element with a table role. The
/// rows and cells inside it belong to it, not to a table around it.
fn is_table_bound(e: &scraper::node::Element) -> bool {
    e.name() == "table" || matches!(explicit_role(e), Some("table" | "grid" | "treegrid"))
}

/// The nearest enclosing table of a node (not crossing into an outer table).
fn owner_table<'a>(node: El<'a>) -> Option<El<'a>> {
    node.ancestors()
        .find(|a| element(a).is_some_and(is_table_bound))
}

struct Cell<'a> {
    node: El<'a>,
    row: usize,
    col: usize,
    rows: usize,
    cols: usize,
    header: bool,
    /// The ids in its `headers` attribute, if it has one.
    headers: Option<Vec<String>>,
}

/// How many grid slots covered by row-spanning cells one table may record: far more than any
/// table a person reads (a 250 × 250 grid), few enough to stay fast.
const MAX_SPANNED_SLOTS: usize = 1 << 16;

/// The rows a table owns, in document order: its descendants that are rows, without looking
/// inside nested tables, whose rows are theirs. Each node is visited by its nearest table
/// only, so a page of nested tables costs its size, not its size times its depth.
fn rows<'a>(table: El<'a>, html_table: bool) -> Vec<El<'a>> {
    let mut rows = Vec::new();
    let mut stack: Vec<El<'a>> = table.children().rev().collect();
    while let Some(node) = stack.pop() {
        if let Some(e) = element(&node) {
            let row = if html_table {
                e.name() == "tr"
            } else {
                explicit_role(e) == Some("row")
            };
            if row {
                rows.push(node);
            }
            if is_table_bound(e) {
                continue;
            }
        }
        stack.extend(node.children().rev());
    }
    rows
}

fn grid<'a>(dom: &Dom<'a>, table: El<'a>) -> Vec<Cell<'a>> {
    let html_table = element(&table).is_some_and(|e| e.name() == "table");
    let rows = rows(table, html_table);
    let mut cells = Vec::new();
    let mut taken: HashSet<(usize, usize)> = HashSet::default();
    for (r, row) in rows.iter().enumerate() {
        let mut col = 0;
        let row_cells: Vec<El<'a>> = if html_table {
            row.children()
                .filter(|c| element(c).is_some_and(|e| matches!(e.name(), "td" | "th")))
                .collect()
        } else {
            row.descendants()
                .filter(|c| {
                    element(c).is_some_and(|e| {
                        matches!(
                            explicit_role(e),
                            Some("cell" | "gridcell" | "columnheader" | "rowheader")
                        )
                    })
                })
                .collect()
        };
        for node in row_cells {
            let el = element(&node).expect("cells are elements");
            while taken.contains(&(r, col)) {
                col += 1;
            }
            let span = |name: &str| {
                el.attribute(name)
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .filter(|v| *v >= 1)
                    .unwrap_or(1)
                    .min(1000)
            };
            let (cols, rows_spanned) = if html_table {
                // A cell spans no further than the table's last row (HTML's table model).
                (span("colspan"), span("rowspan").min(rows.len() - r))
            } else {
                (1, 1)
            };
            // Only later rows need the slots: in this row the next cell starts after this one.
            // The slots recorded are capped, so that a few `rowspan=1000 colspan=1000` cells
            // cannot make a tiny document fill memory; past the cap a cell's span still counts
            // for its own coverage but no longer pushes later rows' cells to the right.
            for dr in 1..rows_spanned {
                for dc in 0..cols {
                    if taken.len() == MAX_SPANNED_SLOTS {
                        break;
                    }
                    taken.insert((r + dr, col + dc));
                }
            }
            let header = matches!(dom.role(node), Some("columnheader" | "rowheader"));
            cells.push(Cell {
                node,
                row: r,
                col,
                rows: rows_spanned,
                cols,
                header,
                // `headers` is HTML's: it means nothing on ARIA cells.
                headers: el
                    .attribute("headers")
                    .filter(|_| matches!(el.name(), "td" | "th"))
                    .map(|h| h.split_ascii_whitespace().map(str::to_string).collect()),
            });
            col += cols;
        }
    }
    cells
}

/// A table exposed as one, with its cells laid out on its grid.
pub(super) struct Table<'a> {
    node: El<'a>,
    cells: Vec<Cell<'a>>,
}

/// Every table of the body with its grid, in document order: built once per document and
/// shared by the table rules (see [`Context::tables`]). Only a `<table>` or an element with a
/// `role` can have a table role (no other element's implicit role is one), so only those have
/// their role worked out, not every element of the body.
pub(super) fn tables<'a>(dom: &Dom<'a>) -> Vec<Table<'a>> {
    dom.elements()
        .iter()
        .filter(|(_, el)| {
            el.name.local == local_name!("table")
                || attribute_named(el, &local_name!("role")).is_some()
        })
        .map(|&(node, _)| node)
        .filter(|node| is_table(dom, *node))
        .map(|node| Table {
            node,
            cells: grid(dom, node),
        })
        .collect()
}

pub(super) const TABLE_HEADERS_INVALID: Rule = Rule {
    id: "table-headers-invalid",
    title: "headers attribute points outside the table",
    category: Category::Accessibility,
    severity: Severity::Error,
    wcag: &["1.3.1"],
    act: &["a25f45"],
    help: "Each id in a cell's headers attribute must be the id of another cell (usually a th) \
           of the same table. An id that is missing, belongs to another table or to an element \
           that is not a cell leaves the cell without its headers.",
    check: table_headers_invalid,
};

fn table_headers_invalid(context: &Context) -> Vec<Hit> {
    let Some(dom) = context.dom() else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for table in context.tables() {
        for cell in &table.cells {
            let Some(ids) = &cell.headers else { continue };
            let bad: Vec<&str> = ids
                .iter()
                .filter(|id| {
                    let target = dom.by_id(id);
                    !target.is_some_and(|t| {
                        t.id() != cell.node.id()
                            && element(&t).is_some_and(|e| matches!(e.name(), "td" | "th"))
                            && owner_table(t).is_some_and(|o| o.id() == table.node.id())
                    })
                })
                .map(String::as_str)
                .collect();
            if !bad.is_empty() {
                hits.push(dom.hit(
                    cell.node,
                    format!(
                        "headers=\"{}\" names {} that is not another cell of this table",
                        ids.join(" "),
                        bad.iter().map(|b| format!("\"{b}\"")).collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
        }
    }
    hits
}

pub(super) const TABLE_HEADER_NO_CELLS: Rule = Rule {
    id: "table-header-no-cells",
    title: "Table header that heads no cell",
    category: Category::Accessibility,
    severity: Severity::Error,
    wcag: &["1.3.1"],
    act: &["d0f69e"],
    help: "A header cell must head at least one cell: a column header the cells below it, a row \
           header the cells to its right. A header over an empty column, or one every cell \
           below bypasses with its headers attribute, tells screen reader users nothing.",
    check: table_header_no_cells,
};

fn table_header_no_cells(context: &Context) -> Vec<Hit> {
    let Some(dom) = context.dom() else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for table in context.tables() {
        let cells = &table.cells;
        // The cells a header may head: by position (in row order, as the grid lists them),
        // or by naming it in `headers`. Looking only where a header's cells can be keeps
        // tables of thousands of headers linear.
        let (explicit, positional): (Vec<&Cell>, Vec<&Cell>) = cells
            .iter()
            .filter(|c| dom.in_tree(c.node))
            .partition(|c| c.headers.is_some());
        let tallest = positional.iter().map(|c| c.rows).max().unwrap_or(1);
        for h in cells.iter().filter(|c| c.header && dom.in_tree(c.node)) {
            let el = element(&h.node).expect("cells are elements");
            let id = el.attribute("id");
            let scope = el
                .attribute("scope")
                .map(|s| s.trim().to_ascii_lowercase())
                .unwrap_or_default();
            let role = explicit_role(el);
            let (down, right) = match (scope.as_str(), role) {
                ("col" | "colgroup", _) | (_, Some("columnheader")) => (true, false),
                ("row" | "rowgroup", _) | (_, Some("rowheader")) => (false, true),
                _ => (true, true),
            };
            let other = |c: &Cell| c.node.id() != h.node.id();
            let explicitly = id.is_some_and(|id| {
                explicit.iter().any(|c| {
                    other(c)
                        && c.headers
                            .as_ref()
                            .is_some_and(|ids| ids.iter().any(|i| i == id))
                })
            });
            // The cells start below the header from `below` on; those that may share a row
            // with it start at most `tallest - 1` rows above it.
            let below = positional.partition_point(|c| c.row < h.row + h.rows);
            let beside = positional.partition_point(|c| c.row + tallest <= h.row);
            let heads_down = down
                && positional[below..]
                    .iter()
                    .any(|c| other(c) && c.col < h.col + h.cols && h.col < c.col + c.cols);
            let heads_right = right
                && positional[beside..below].iter().any(|c| {
                    other(c)
                        && h.row < c.row + c.rows
                        && c.row < h.row + h.rows
                        && c.col >= h.col + h.cols
                });
            let heads = explicitly || heads_down || heads_right;
            if !heads {
                hits.push(dom.hit(
                    h.node,
                    format!("Header \"{}\" heads no cell of the table", dom.name(h.node)),
                ));
            }
        }
    }
    hits
}

pub(super) const TABLE_NO_HEADERS: Rule = Rule {
    id: "table-no-headers",
    title: "Data table without header cells",
    category: Category::Accessibility,
    severity: Severity::Warning,
    wcag: &["1.3.1"],
    act: &[],
    help: "A table of data needs header cells (<th>) so that each value can be read with its \
           row and column. If the table only lays out content, mark it role=\"presentation\".",
    check: table_no_headers,
};

fn table_no_headers(context: &Context) -> Vec<Hit> {
    let Some(dom) = context.dom() else {
        return Vec::new();
    };
    context
        .tables()
        .iter()
        .filter(|t| element(&t.node).is_some_and(|e| e.name() == "table"))
        .filter_map(|table| {
            let cells = &table.cells;
            let rows: HashSet<usize> = cells.iter().map(|c| c.row).collect();
            let cols = cells.iter().map(|c| c.col + c.cols).max().unwrap_or(0);
            (rows.len() >= 2 && cols >= 2 && !cells.iter().any(|c| c.header)).then(|| {
                dom.hit(table.node, "Table has no header cells: use <th> for the row or column headers, or role=\"presentation\" for a layout table")
            })
        })
        .collect()
}

pub(super) const TABLE_HEADER_EMPTY: Rule = Rule {
    id: "table-header-empty",
    title: "Empty table header cell",
    category: Category::Accessibility,
    severity: Severity::Warning,
    wcag: &["1.3.1"],
    act: &[],
    help: "A <th> without text gives the cells it heads no header. Give it text, or make it a \
           <td> if it is the empty corner cell.",
    check: table_header_empty,
};

fn table_header_empty(context: &Context) -> Vec<Hit> {
    let Some(dom) = context.dom() else {
        return Vec::new();
    };
    let mut seen: HashSet<NodeId> = HashSet::default();
    let mut hits = Vec::new();
    for table in context.tables() {
        for cell in &table.cells {
            let is_th = element(&cell.node).is_some_and(|e| e.name() == "th");
            if is_th
                && cell.header
                && dom.in_tree(cell.node)
                && seen.insert(cell.node.id())
                && dom.name(cell.node).is_empty()
            {
                hits.push(dom.hit(cell.node, "Header cell has no text"));
            }
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, ScopeOption};
    use crate::source::Source;

    /// (text, row, col, rows, cols) of each cell of the document's first table.
    fn cells(html: &str) -> Vec<(String, usize, usize, usize, usize)> {
        let document = Document::from_html(Source::from_text(html), ScopeOption::Fragment);
        let messages = crate::checks::Messages::default();
        let dom = Dom::new(&document, &messages).expect("an HTML document");
        tables(&dom)
            .swap_remove(0)
            .cells
            .into_iter()
            .map(|c| {
                let text = c.node.descendants().filter_map(|n| n.value().as_text());
                (
                    text.map(|t| t.to_string()).collect(),
                    c.row,
                    c.col,
                    c.rows,
                    c.cols,
                )
            })
            .collect()
    }

    #[test]
    fn spanning_cells_push_later_rows_to_the_right() {
        let html = "<table><tr><td rowspan=2 colspan=2>a<td>b<tr><td>c<tr><td>d</table>";
        let cell = |t: &str, r, c, rs, cs| (t.to_string(), r, c, rs, cs);
        assert_eq!(
            cells(html),
            [
                cell("a", 0, 0, 2, 2),
                cell("b", 0, 2, 1, 1),
                cell("c", 1, 2, 1, 1),
                cell("d", 2, 0, 1, 1),
            ]
        );
    }

    #[test]
    fn spans_stop_at_the_last_row_and_huge_ones_stay_cheap() {
        // Found while measuring hostile input: 20 such cells took over a minute and 800 MB.
        let html = format!(
            "<table><tr>{}<tr><td>last</table>",
            "<td rowspan=65534 colspan=1000>x".repeat(2_000)
        );
        let all = cells(&html);
        assert_eq!(all.len(), 2_001);
        assert_eq!((all[0].3, all[0].4), (2, 1000));
        assert_eq!(all[1999].2, 1_999_000);
        // The cap stops recording after 65 cells' worth of the second row.
        assert_eq!(all[2000].2, 65 * 1000 + 536);
    }

    #[test]
    fn nested_tables_own_their_rows() {
        let html = "<table><tr><td>a<table><tr><td>b<tr><td>c</table></td><td>d</tr></table>";
        let document = Document::from_html(Source::from_text(html), ScopeOption::Fragment);
        let messages = crate::checks::Messages::default();
        let dom = Dom::new(&document, &messages).expect("an HTML document");
        let all = tables(&dom);
        let shape =
            |t: &Table| -> Vec<(usize, usize)> { t.cells.iter().map(|c| (c.row, c.col)).collect() };
        assert_eq!(all.len(), 2);
        assert_eq!(shape(&all[0]), [(0, 0), (0, 1)]);
        assert_eq!(shape(&all[1]), [(0, 0), (1, 0)]);
    }

    #[test]
    fn headers_are_found_where_their_cells_can_be() {
        let no_cells = |html: &str| {
            let report = crate::analyze_html(html.as_bytes(), None, &crate::Options::default())
                .expect("a report");
            let rule = "table-header-no-cells";
            report.findings.iter().filter(|f| f.rule == rule).count()
        };
        // A cell from the row above, spanning down, is to the right of the row header.
        assert_eq!(
            no_cells("<table><tr><th>a<td rowspan=2>b<tr><th scope=row>c</table>"),
            0
        );
        // A cell that names the header heads it wherever it is.
        assert_eq!(
            no_cells("<table><tr><td headers=h>x<tr><th id=h scope=col>h</table>"),
            0
        );
        // Row headers with nothing to their right, many of them.
        let column = "<tr><th scope=row>x".repeat(500);
        assert_eq!(no_cells(&format!("<table>{column}</table>")), 500);
    }
}
