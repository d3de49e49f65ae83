//! What an import tells the operator: every problem with its table and row id, and a table of
//! counts per kind (read, imported, skipped).

use std::io::Write;

/// FelixPartsBot's tables, in the order they are imported and reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Table {
    Mechanics,
    Categories,
    Parts,
    Orders,
    OrderComments,
    TimeLogs,
    CustomWorkItems,
    CustomPartItems,
    WorkOrderAssignments,
    NotificationLogs,
}

impl Table {
    pub const ALL: [Table; 10] = [
        Table::Mechanics,
        Table::Categories,
        Table::Parts,
        Table::Orders,
        Table::OrderComments,
        Table::TimeLogs,
        Table::CustomWorkItems,
        Table::CustomPartItems,
        Table::WorkOrderAssignments,
        Table::NotificationLogs,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Table::Mechanics => "mechanics",
            Table::Categories => "categories",
            Table::Parts => "parts",
            Table::Orders => "orders",
            Table::OrderComments => "order_comments",
            Table::TimeLogs => "time_logs",
            Table::CustomWorkItems => "custom_work_items",
            Table::CustomPartItems => "custom_part_items",
            Table::WorkOrderAssignments => "work_order_assignments",
            Table::NotificationLogs => "notification_logs",
        }
    }

    /// What the rows become in Felix Hub, for the counts table.
    fn becomes(self) -> &'static str {
        match self {
            Table::Mechanics => "users (mechanics)",
            Table::Categories => "catalog categories",
            Table::Parts => "catalog parts",
            Table::Orders => "orders",
            Table::OrderComments => "comments",
            Table::TimeLogs => "time entries, running timers",
            Table::CustomWorkItems => "order items (work)",
            Table::CustomPartItems => "order items (custom parts)",
            Table::WorkOrderAssignments => "order history (assigned)",
            Table::NotificationLogs => "not carried over",
        }
    }
}

/// A row that was skipped, or imported with something changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub table: Table,
    /// The row's id in the old table, as written there.
    pub id: String,
    pub skipped: bool,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct Report {
    pub problems: Vec<Problem>,
    read: [usize; Table::ALL.len()],
    imported: [usize; Table::ALL.len()],
    /// Lines about the import as a whole (fields Felix Hub has no place for, and the like).
    pub notes: Vec<String>,
}

impl Report {
    /// A row left out: nothing of it is written.
    pub fn skip(&mut self, table: Table, id: impl ToString, message: impl Into<String>) {
        self.problems.push(Problem { table, id: id.to_string(), skipped: true, message: message.into() });
    }

    /// A row written with something changed or left out, which the message says.
    pub fn change(&mut self, table: Table, id: impl ToString, message: impl Into<String>) {
        self.problems.push(Problem { table, id: id.to_string(), skipped: false, message: message.into() });
    }

    pub fn read(&mut self, table: Table, rows: usize) {
        self.read[table as usize] += rows;
    }

    pub fn imported(&mut self, table: Table, rows: usize) {
        self.imported[table as usize] += rows;
    }

    /// (read, imported, skipped) for `table`.
    pub fn counts(&self, table: Table) -> (usize, usize, usize) {
        let (read, imported) = (self.read[table as usize], self.imported[table as usize]);
        (read, imported, read.saturating_sub(imported))
    }

    pub fn skipped(&self) -> usize {
        self.problems.iter().filter(|p| p.skipped).count()
    }

    /// The problems, then the notes, then the counts table.
    pub fn print(&self, out: &mut impl Write, dry_run: bool) -> std::io::Result<()> {
        let (skipped, changed) = (self.skipped(), self.problems.len() - self.skipped());
        writeln!(out, "\nProblems: {skipped} row(s) skipped, {changed} imported with a change")?;
        for problem in &self.problems {
            let what = if problem.skipped { "skipped" } else { "changed" };
            writeln!(out, "  {what:<8} {} {}: {}", problem.table.name(), problem.id, problem.message)?;
        }
        if !self.notes.is_empty() {
            writeln!(out)?;
            for note in &self.notes {
                writeln!(out, "Note: {note}")?;
            }
        }
        let imported = if dry_run { "would import" } else { "imported" };
        writeln!(out, "\n  {:<24} {:>7} {:>12} {:>8}   becomes", "FelixPartsBot table", "read", imported, "skipped")?;
        for table in Table::ALL {
            let (read, imported, skipped) = self.counts(table);
            writeln!(out, "  {:<24} {read:>7} {imported:>12} {skipped:>8}   {}", table.name(), table.becomes())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counts_table_lists_every_table_with_read_imported_and_skipped() {
        let mut report = Report::default();
        report.read(Table::OrderComments, 4);
        report.imported(Table::OrderComments, 3);
        report.skip(Table::OrderComments, 3, "its order 999 does not exist");
        report.change(Table::CustomPartItems, 2, "price 12.345 ₪ rounded to 12.35 ₪");
        let mut out = Vec::new();
        report.print(&mut out, false).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("1 row(s) skipped, 1 imported with a change"), "{text}");
        assert!(text.contains("skipped  order_comments 3: its order 999 does not exist"), "{text}");
        let row = text.lines().find(|l| l.trim_start().starts_with("order_comments ")).unwrap();
        assert_eq!(row.split_whitespace().take(4).collect::<Vec<_>>(), ["order_comments", "4", "3", "1"], "{text}");
        assert_eq!(
            text.lines()
                .filter(|l| l.contains("   ")
                    && Table::ALL.iter().any(|t| l.trim_start().starts_with(&format!("{} ", t.name()))))
                .count(),
            10
        );
    }
}
