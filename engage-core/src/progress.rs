//! Progress of long runs, reported through a callback so that the library never prints: the
//! CLI draws a bar on stderr, a server can log, a test can record.

/// Receives progress. Implementations must be cheap: they are called once per step.
pub trait Progress: Send + Sync {
    /// `stage` has done `done` of `total` steps.
    fn update(&self, stage: &str, done: usize, total: usize);
}

/// Progress that goes nowhere.
#[derive(Clone, Copy, Debug, Default)]
pub struct Silent;

impl Progress for Silent {
    fn update(&self, _stage: &str, _done: usize, _total: usize) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    struct Recorder(Mutex<Vec<(String, usize, usize)>>);

    impl Progress for Recorder {
        fn update(&self, stage: &str, done: usize, total: usize) {
            self.0
                .lock()
                .unwrap()
                .push((stage.to_string(), done, total));
        }
    }

    #[test]
    fn progress_is_a_callback_that_can_be_shared_across_threads() {
        let recorder = std::sync::Arc::new(Recorder(Mutex::new(Vec::new())));
        let shared: std::sync::Arc<dyn Progress> = recorder.clone();
        std::thread::spawn(move || shared.update("charts", 1, 3))
            .join()
            .unwrap();
        Silent.update("ignored", 0, 0);
        assert_eq!(
            recorder.0.lock().unwrap().as_slice(),
            [("charts".to_string(), 1, 3)]
        );
    }
}
