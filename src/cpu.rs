//! The calling thread's CPU time, for the build's timings: summed over the rendering
//! threads it says what each stage costs, where wall time per page would also count the
//! time a thread waited for a core while the search index had it.

use std::sync::LazyLock;
use std::time::{Duration, Instant};

/// CPU time the calling thread has used so far (unix); elsewhere, time since the first
/// call (wall time). Only differences between two calls on one thread mean anything.
pub fn thread_time() -> Duration {
    #[cfg(unix)]
    {
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: clock_gettime only writes one timespec through the valid pointer given.
        if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) } == 0 {
            return Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32);
        }
    }
    static START: LazyLock<Instant> = LazyLock::new(Instant::now);
    START.elapsed()
}

/// CPU time the calling thread has used since `start` (a [`thread_time`] reading).
pub fn since(start: Duration) -> Duration {
    thread_time().saturating_sub(start)
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_work_but_not_sleep() {
        let start = super::thread_time();
        std::thread::sleep(std::time::Duration::from_millis(50));
        let slept = super::since(start);
        let start = super::thread_time();
        let mut x = 0u64;
        for i in 0..30_000_000u64 {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i));
        }
        let worked = super::since(start);
        assert!(
            slept < std::time::Duration::from_millis(20),
            "sleeping used {slept:?}"
        );
        assert!(
            worked > slept,
            "working used {worked:?}, sleeping {slept:?} ({x})"
        );
    }
}
