// The fault matrix and the cancellation test measure short timeouts and latencies; a 200-stream burst running
// beside them on a small machine would blur those, so the classes run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
