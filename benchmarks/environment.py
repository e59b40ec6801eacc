"""How every benchmark process runs: the checkout's root, glibc's heap settings and one thread per backend
(benchmarks.run's workers and benchmarks.page's peers alike). Imports the standard library.
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# glibc gives the top of its heap back to the OS when it is freed, and maps it in again (page
# faults) when the next step allocates: whether a step's big arrays land there depends on the
# heap's layout, which changes with things as unrelated as whether stderr is a file. The same
# numpy step at 10,000 points then takes 1.4 or 3.8 ms. A fixed top pad takes that lottery away
# for every backend alike (pure-Python objects live in pymalloc's arenas, which it does not touch).
PADDED_MALLOC = {"MALLOC_TOP_PAD_": str(64 << 20)}
# Every backend computes on one thread: PyTorch by torch.set_num_threads(1), numpy's OpenBLAS (numpy,
# chainrule) and XLA (jax) by these. These matrices are too small to gain from a second thread, and on
# a 2-core machine with anything else running OpenBLAS's waiting threads made one numpy step 4-70x slower.
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
              "XLA_FLAGS": "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"}
