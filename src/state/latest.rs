//! "Latest answer wins", in one place: an effect that starts an async job whenever its inputs
//! change takes a [`Ticket`]; a job whose ticket is no longer the newest (a newer change came,
//! or the view that started it is gone) drops its answer.

use leptos::prelude::{GetValue, StoredValue, UpdateValue};

/// The jobs of one effect, numbered.
#[derive(Clone, Copy)]
pub struct Latest(StoredValue<u64>);

/// One job's number, to check before its answer is used.
#[derive(Clone, Copy)]
pub struct Ticket {
    latest: StoredValue<u64>,
    number: u64,
}

impl Latest {
    pub fn new() -> Self {
        Latest(StoredValue::new(0))
    }

    /// A new job: every job before it is no longer current.
    pub fn next(&self) -> Ticket {
        self.0.update_value(|number| *number += 1);
        Ticket {
            latest: self.0,
            number: self.0.get_value(),
        }
    }
}

impl Default for Latest {
    fn default() -> Self {
        Self::new()
    }
}

impl Ticket {
    /// Whether no newer job started since, and the view that started it is still there.
    pub fn is_current(&self) -> bool {
        self.latest.try_get_value() == Some(self.number)
    }
}
