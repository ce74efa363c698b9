//! How many line items (sales rows) and returned line items (returns rows) a run of a TPC-DS
//! sales channel's tickets holds, without generating them: dsdgen draws a ticket's line
//! count from one random stream and each line item's "is returned" from another, both
//! independent of every other column, so replaying those two streams (jumped to the first
//! ticket as dsdgen jumps them) gives the exact counts at a few nanoseconds per draw.

use tpcdsgen::config::{Session, Table};
use tpcdsgen::generator::{
    CatalogSalesGeneratorColumn, GeneratorColumn, StoreSalesGeneratorColumn,
    WebSalesGeneratorColumn,
};
use tpcdsgen::random::{RandomNumberStream, RandomValueGenerator};

/// A TPC-DS sales channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    Store,
    Catalog,
    Web,
}

/// dsdgen's share of returned line items, in percent, the same for every channel.
const RETURN_PERCENT: i32 = 10;

impl Channel {
    /// The channel's sales table, whose source rows are its tickets/orders.
    pub fn sales_table(self) -> Table {
        match self {
            Self::Store => Table::StoreSales,
            Self::Catalog => Table::CatalogSales,
            Self::Web => Table::WebSales,
        }
    }

    /// The smallest and largest number of line items of a ticket/order.
    fn lines(self) -> (i32, i32) {
        match self {
            Self::Catalog => (4, 14),
            Self::Store | Self::Web => (8, 16),
        }
    }

    /// Twice the mean number of line items of a ticket/order.
    pub fn mean_lines_x2(self) -> u64 {
        let (lo, hi) = self.lines();
        (lo + hi) as u64
    }

    /// The streams of the line count and of "is returned", fresh at the first ticket.
    fn streams(self) -> (RandomNumberStream, RandomNumberStream) {
        fn stream(c: &dyn GeneratorColumn) -> RandomNumberStream {
            RandomNumberStream::new_with_column(c.get_global_column_number(), c.get_seeds_per_row())
        }
        match self {
            Self::Store => (
                stream(&StoreSalesGeneratorColumn::SsTicketNumber),
                stream(&StoreSalesGeneratorColumn::SrIsReturned),
            ),
            Self::Catalog => (
                stream(&CatalogSalesGeneratorColumn::CsOrderNumber),
                stream(&CatalogSalesGeneratorColumn::CrIsReturned),
            ),
            Self::Web => (
                stream(&WebSalesGeneratorColumn::WsOrderNumber),
                stream(&WebSalesGeneratorColumn::WrIsReturned),
            ),
        }
    }
}

/// Line items of a run of tickets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LineCounts {
    /// Line items sold: rows of the sales table.
    pub sold: u64,
    /// Line items returned: rows of the returns table.
    pub returned: u64,
}

/// The line items of `channel`'s tickets `start..end` (0-based source rows), clamped to the
/// table at `session`'s scale factor.
pub fn line_counts(channel: Channel, session: &Session, start: u64, end: u64) -> LineCounts {
    let tickets = session.get_scaling().get_row_count(channel.sales_table());
    let end = end.min(tickets);
    let (mut count, mut returned) = channel.streams();
    count.skip_rows(start);
    returned.skip_rows(start);
    let (lo, hi) = channel.lines();
    let mut counts = LineCounts::default();
    for _ in start..end {
        let lines = RandomValueGenerator::generate_uniform_random_int(lo, hi, &mut count);
        for _ in 0..lines {
            let draw = RandomValueGenerator::generate_uniform_random_int(0, 99, &mut returned);
            counts.returned += u64::from(draw < RETURN_PERCENT);
        }
        counts.sold += lines.max(0) as u64;
        finish_row(&mut count);
        finish_row(&mut returned);
    }
    counts
}

/// Consumes the seeds a ticket left unused, as dsdgen does at the end of a source row.
fn finish_row(stream: &mut RandomNumberStream) {
    while stream.get_seeds_used() < stream.get_seeds_per_row() {
        stream.next_random();
    }
    stream.reset_seeds_used();
}
