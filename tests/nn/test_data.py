"""nn.data: the toy data sets checked against their geometry, and batches / train_test_split checked
to partition the samples exactly; every bad argument gives an error that says what to do."""
import math

import numpy as np
import pytest

from nn.data import (
    SPIRAL_TURNS,
    batches,
    make_blobs,
    make_circles,
    make_moons,
    make_spirals,
    make_xor,
    train_test_split,
)

# name -> (generator, extra keyword arguments, number of classes)
GENERATORS = {
    "moons": (make_moons, {}, 2),
    "circles": (make_circles, {}, 2),
    "blobs": (make_blobs, {"centers": 3}, 3),
    "xor": (make_xor, {}, 2),
    "spirals": (make_spirals, {"n_classes": 3}, 3),
}
NOISY = ["moons", "circles", "xor", "spirals"]  # the generators whose spread is called `noise`


def generate(name, **kwargs):
    function, extra, _ = GENERATORS[name]
    return function(**{**extra, **kwargs})


def ids(n):
    """A data set whose first column and label are both the sample's index, to track rows."""
    return np.column_stack([np.arange(n), -np.arange(n)]).astype(float), np.arange(n)


# ---- what every generator promises -------------------------------------------------------------

@pytest.mark.parametrize("name", GENERATORS)
@pytest.mark.parametrize("n", [3, 7, 100, 101])
def test_shapes_dtypes_and_class_balance(name, n):
    X, y = generate(name, n_samples=n, seed=0)
    assert X.shape == (n, 2) and X.dtype == np.float64 and np.isfinite(X).all()
    assert y.shape == (n,) and y.dtype == np.int64
    counts = np.bincount(y, minlength=GENERATORS[name][2])
    assert len(counts) == GENERATORS[name][2] and counts.max() - counts.min() <= 1
    assert counts[0] == counts.max()  # the first class takes the extra sample


@pytest.mark.parametrize("name", GENERATORS)
def test_same_seed_same_arrays_and_different_seeds_differ(name):
    X1, y1 = generate(name, seed=7)
    X2, y2 = generate(name, seed=7)
    X3, y3 = generate(name, seed=8)
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)
    assert not np.array_equal(X1, X3) and not np.array_equal(y1, y3)


@pytest.mark.parametrize("name", GENERATORS)
def test_rng_gives_the_same_stream_as_seed_and_moves_on(name):
    X_seed, _ = generate(name, seed=3)
    rng = np.random.default_rng(3)
    X_first, _ = generate(name, rng=rng)
    X_second, _ = generate(name, rng=rng)
    assert np.array_equal(X_seed, X_first) and not np.array_equal(X_first, X_second)


@pytest.mark.parametrize("name", GENERATORS)
def test_classes_are_shuffled(name):
    _, y = generate(name, n_samples=60, seed=1)
    assert (np.diff(y) < 0).any() and (np.diff(y) > 0).sum() > 5  # not sorted, classes interleave


@pytest.mark.parametrize("name", GENERATORS)
def test_global_random_state_is_left_alone(name):
    before = np.random.get_state()[1].copy()
    generate(name)
    generate(name, seed=None)
    assert np.array_equal(np.random.get_state()[1], before)


# ---- geometry with noise=0 ---------------------------------------------------------------------

def test_moons_lie_on_their_half_circles():
    X, y = make_moons(n_samples=201, noise=0.0, seed=0)
    upper, lower = X[y == 0], X[y == 1]
    assert np.allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0, atol=1e-12)
    assert np.allclose(np.hypot(lower[:, 0] - 1.0, lower[:, 1] - 0.5), 1.0, atol=1e-12)
    assert (upper[:, 1] >= -1e-12).all() and (lower[:, 1] <= 0.5 + 1e-12).all()  # the half of each circle


def test_circles_lie_at_radius_one_and_factor():
    X, y = make_circles(n_samples=200, noise=0.0, factor=0.3, seed=0)
    radius = np.hypot(X[:, 0], X[:, 1])
    assert np.allclose(radius[y == 0], 1.0, atol=1e-12) and np.allclose(radius[y == 1], 0.3, atol=1e-12)


def test_xor_labels_follow_the_quadrant_rule():
    X, y = make_xor(n_samples=203, noise=0.0, seed=0)
    assert np.array_equal(y, (X[:, 0] > 0) ^ (X[:, 1] > 0))
    assert (np.abs(X) <= 1.0).all() and (X != 0).all()
    quadrants = np.bincount(2 * (X[:, 0] > 0) + (X[:, 1] > 0))
    assert quadrants.max() - quadrants.min() <= 1  # spread evenly over the four quadrants


def test_xor_noise_moves_points():
    X, y = make_xor(n_samples=400, noise=0.3, seed=0)
    assert not np.array_equal(y, (X[:, 0] > 0) ^ (X[:, 1] > 0))  # some points pushed across an axis


@pytest.mark.parametrize("n_classes", [2, 3, 5])
def test_spiral_arms_are_rotated_copies(n_classes):
    X, y = make_spirals(n_samples=250, n_classes=n_classes, noise=0.0, seed=0)
    assert set(y.tolist()) == set(range(n_classes))
    counts = np.bincount(y)
    assert counts.max() - counts.min() <= 1
    radius = np.hypot(X[:, 0], X[:, 1])
    assert (radius <= 1.0).all()
    # rotating arm k back by 2 pi k / n_classes lands it on arm 0: angle = 2 pi SPIRAL_TURNS r
    expected = 2 * math.pi * (y / n_classes + SPIRAL_TURNS * radius)
    off_by = np.angle(np.exp(1j * (np.arctan2(X[:, 1], X[:, 0]) - expected)))
    assert np.abs(off_by[radius > 1e-9]).max() < 1e-9


def test_blobs_with_tiny_std_sit_at_their_given_centers():
    centers = np.array([[0.0, 0.0], [3.0, 3.0], [-4.0, 2.0]])
    X, y = make_blobs(n_samples=31, centers=centers, std=1e-9, seed=0)
    assert set(y.tolist()) == {0, 1, 2}
    assert np.abs(X - centers[y]).max() < 1e-7


def test_blobs_with_a_count_draw_their_centers_inside_the_box():
    X, y = make_blobs(n_samples=40, centers=4, std=0.0, seed=0, center_box=(2.0, 3.0))
    assert ((X >= 2.0) & (X <= 3.0)).all()
    assert len(np.unique(X, axis=0)) == 4
    for label in range(4):  # std=0: each blob is one point, its centre
        assert len(np.unique(X[y == label], axis=0)) == 1


def test_blobs_accept_a_list_of_centers():
    X, y = make_blobs(n_samples=10, centers=[[1, 1], [-1, -1]], std=0.0, seed=0)
    assert np.array_equal(X, np.array([[1.0, 1.0], [-1.0, -1.0]])[y])


# ---- train_test_split -------------------------------------------------------------------------

@pytest.mark.parametrize("test_size, n_test", [
    (0.25, 25), (0.3, 30), (0.01, 1), (0.999, 99), (10, 10), (1, 1), (99, 99),
])
def test_train_test_split_partitions_exactly(test_size, n_test):
    X, y = ids(100)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_size, seed=0)
    assert len(X_test) == len(y_test) == n_test and len(X_train) == len(y_train) == 100 - n_test
    assert np.array_equal(np.sort(np.concatenate([y_train, y_test])), np.arange(100))  # nothing lost or repeated
    assert np.array_equal(X_train[:, 0], y_train) and np.array_equal(X_test[:, 0], y_test)  # rows stay paired


def test_train_test_split_rounds_the_fraction_to_the_nearest_count():
    X, y = ids(10)
    assert len(train_test_split(X, y, test_size=0.3, seed=0)[1]) == 3  # 0.3 * 10 is 3.0000000000000004
    assert len(train_test_split(X, y, test_size=0.25, seed=0)[1]) == 3  # 2.5 rounds up


def test_train_test_split_is_seeded_and_shuffles():
    X, y = ids(50)
    first = train_test_split(X, y, seed=4)
    assert all(np.array_equal(a, b) for a, b in zip(first, train_test_split(X, y, seed=4)))
    assert not np.array_equal(first[3], train_test_split(X, y, seed=5)[3])
    held_out = np.sort(first[3])  # 13 rows; shuffled, so neither the first 13 nor the last 13
    assert len(held_out) == 13
    assert not np.array_equal(held_out, np.arange(13)) and not np.array_equal(held_out, np.arange(37, 50))


def test_train_test_split_accepts_lists():
    X_train, X_test, y_train, y_test = train_test_split([[0, 0], [1, 1], [2, 2], [3, 3]], [0, 1, 2, 3], test_size=2,
                                                        seed=0)
    assert isinstance(X_train, np.ndarray) and X_train.shape == X_test.shape == (2, 2)
    assert np.array_equal(X_train[:, 0], y_train) and np.array_equal(X_test[:, 0], y_test)


# ---- batches ----------------------------------------------------------------------------------

def collect(X, y, batch_size, **kwargs):
    pairs = list(batches(X, y, batch_size, **kwargs))
    for X_batch, y_batch in pairs:
        assert np.array_equal(X_batch[:, 0], y_batch)  # rows stay paired with their labels
    return [len(y_batch) for _, y_batch in pairs], np.concatenate([y_batch for _, y_batch in pairs])


def test_batches_cover_every_sample_once_in_batches_of_the_given_size():
    sizes, order = collect(*ids(100), 32, seed=0)
    assert sizes == [32, 32, 32, 4]
    assert np.array_equal(np.sort(order), np.arange(100))


def test_batches_shuffle_and_keep_order_without_shuffle():
    _, shuffled = collect(*ids(100), 10, seed=0)
    _, kept = collect(*ids(100), 10, shuffle=False)
    assert not np.array_equal(shuffled, np.arange(100)) and np.array_equal(kept, np.arange(100))


def test_batches_repeat_with_a_seed_and_move_on_with_a_generator():
    _, first = collect(*ids(50), 8, seed=1)
    assert np.array_equal(first, collect(*ids(50), 8, seed=1)[1])
    assert not np.array_equal(first, collect(*ids(50), 8, seed=2)[1])
    rng = np.random.default_rng(1)
    _, epoch_1 = collect(*ids(50), 8, rng=rng)
    _, epoch_2 = collect(*ids(50), 8, rng=rng)
    assert np.array_equal(epoch_1, first) and not np.array_equal(epoch_1, epoch_2)


@pytest.mark.parametrize("batch_size, sizes", [(1, [1] * 5), (5, [5]), (6, [5]), (1000, [5]), (np.int64(2), [2, 2, 1])])
def test_batch_size_edges(batch_size, sizes):
    assert collect(*ids(5), batch_size, seed=0)[0] == sizes


def test_batches_are_copies():
    X, y = ids(6)
    for X_batch, y_batch in batches(X, y, 3, shuffle=False):
        X_batch[:] = -1.0
        y_batch[:] = -1
    assert np.array_equal(X, ids(6)[0]) and np.array_equal(y, ids(6)[1])


# ---- errors: the type, and words that say what was given and what to do -----------------------

@pytest.mark.parametrize("name", GENERATORS)
@pytest.mark.parametrize("n_samples, error, words", [
    (0, ValueError, ["n_samples", ">=", "got n_samples=0"]),
    (-5, ValueError, ["n_samples", "-5"]),
    (1, ValueError, ["n_samples", "one sample per"]),
    (10.0, TypeError, ["n_samples", "int", "10.0"]),
    (2.5, TypeError, ["n_samples", "whole number", "2.5"]),  # the wrong kind of thing, not a wrong value
    ("100", TypeError, ["n_samples", "str"]),
    (True, TypeError, ["n_samples", "bool"]),
])
def test_bad_n_samples(name, n_samples, error, words):
    with pytest.raises(error) as caught:
        generate(name, n_samples=n_samples)
    assert all(word in str(caught.value) for word in words), caught.value


def test_n_samples_below_the_number_of_classes():
    with pytest.raises(ValueError, match=r"there are 5"):
        make_spirals(n_samples=4, n_classes=5)
    with pytest.raises(ValueError, match=r"there are 3"):
        make_blobs(n_samples=2, centers=3)


@pytest.mark.parametrize("name", NOISY)
@pytest.mark.parametrize("noise, error, words", [
    (-0.1, ValueError, ["noise", "-0.1", ">= 0", "noise=0"]),
    (math.nan, ValueError, ["noise", "nan", ">= 0"]),
    (math.inf, ValueError, ["noise", "inf", "finite"]),
    ("0.1", TypeError, ["noise", "str", "number"]),
    (None, TypeError, ["noise", "None"]),
])
def test_bad_noise(name, noise, error, words):
    with pytest.raises(error) as caught:
        generate(name, noise=noise)
    assert all(word in str(caught.value) for word in words), caught.value


def test_bad_std():
    with pytest.raises(ValueError, match=r"std must be a finite number >= 0.*got -1"):
        make_blobs(std=-1)


@pytest.mark.parametrize("factor, error", [(0, ValueError), (1, ValueError), (1.5, ValueError), (-0.5, ValueError),
                                           (math.nan, ValueError), ("0.5", TypeError)])
def test_bad_factor(factor, error):
    with pytest.raises(error, match=r"factor") as caught:
        make_circles(factor=factor)
    assert "between 0 and 1" in str(caught.value) and "factor=0.5" in str(caught.value)


@pytest.mark.parametrize("n_classes, error", [(1, ValueError), (0, ValueError), (2.0, TypeError)])
def test_bad_n_classes(n_classes, error):
    with pytest.raises(error, match=r"n_classes") as caught:
        make_spirals(n_classes=n_classes)
    assert "int" in str(caught.value)


@pytest.mark.parametrize("centers, center_box, error, words", [
    (0, (-5, 5), ValueError, ["centers", ">= 1"]),
    (2.5, (-5, 5), TypeError, ["centers", "2.5", "shape (k, 2)"]),
    (None, (-5, 5), TypeError, ["centers", "None", "centers=3"]),
    ([[1.0, 2.0], [3.0]], (-5, 5), TypeError, ["centers", "shape (k, 2)"]),
    ([1.0, 2.0], (-5, 5), ValueError, ["shape (k, 2)", "(2,)"]),
    ([[1.0, 2.0, 3.0]], (-5, 5), ValueError, ["shape (k, 2)", "(1, 3)"]),
    ([[0.0, math.nan]], (-5, 5), ValueError, ["finite"]),
    (3, (5, -5), ValueError, ["center_box", "low < high"]),
    (3, 5, TypeError, ["center_box", "two numbers"]),
    (3, ("-5", "5"), TypeError, ["center_box[0]", "number", "str"]),  # was read as (-5.0, 5.0)
    (3, (-5, math.inf), ValueError, ["center_box[1]", "finite"]),
])
def test_bad_centers(centers, center_box, error, words):
    with pytest.raises(error) as caught:
        make_blobs(centers=centers, center_box=center_box)
    assert all(word in str(caught.value) for word in words), caught.value


def test_seed_and_rng_both_given():
    for call in (lambda **kw: make_moons(**kw), lambda **kw: train_test_split(*ids(4), **kw),
                 lambda **kw: batches(*ids(4), 2, **kw)):
        with pytest.raises(ValueError, match=r"both seed=1 and rng=.*pass only one"):
            call(seed=1, rng=np.random.default_rng(1))


@pytest.mark.parametrize("seed, rng, error, words", [
    (1.5, None, TypeError, ["seed", "1.5", "int"]),
    ("abc", None, TypeError, ["seed", "str"]),
    (-1, None, ValueError, ["seed", "-1", "non-negative"]),
    (None, 42, TypeError, ["rng", "Generator", "default_rng", "int"]),
])
def test_bad_seed_or_rng(seed, rng, error, words):
    with pytest.raises(error) as caught:
        make_xor(seed=seed, rng=rng)
    assert all(word in str(caught.value) for word in words), caught.value


@pytest.mark.parametrize("test_size, error, words", [
    (0.0, ValueError, ["test_size", "between 0 and 1", "0.0"]),
    (1.0, ValueError, ["test_size", "between 0 and 1", "int count"]),
    (1.5, ValueError, ["test_size", "1.5"]),
    (-0.1, ValueError, ["test_size", "-0.1"]),
    (math.nan, ValueError, ["test_size", "nan"]),
    (0, ValueError, ["test_size", "between 1 and n - 1 = 9", "10 samples"]),
    (10, ValueError, ["test_size", "between 1 and n - 1 = 9", "got test_size=10"]),
    ("0.2", TypeError, ["test_size", "str", "0.25"]),
    (True, TypeError, ["test_size", "bool"]),
])
def test_bad_test_size(test_size, error, words):
    with pytest.raises(error) as caught:
        train_test_split(*ids(10), test_size=test_size)
    assert all(word in str(caught.value) for word in words), caught.value


@pytest.mark.parametrize("function", [lambda X, y: train_test_split(X, y), lambda X, y: batches(X, y, 2)])
@pytest.mark.parametrize("X, y, words", [
    (np.zeros((5, 2)), np.zeros(4), ["same length", "5 rows", "(4,)"]),
    (np.zeros((5, 2)), np.float64(0.0), ["same length", "()"]),
    (np.zeros(5), np.zeros(5), ["2-D", "(5,)", "reshape(-1, 1)"]),
    (np.zeros((2, 2, 2)), np.zeros(2), ["2-D", "(2, 2, 2)"]),
    (np.zeros((0, 2)), np.zeros(0), ["empty", "0 samples"]),
])
def test_bad_samples_or_labels(function, X, y, words):
    with pytest.raises(ValueError) as caught:
        function(X, y)  # batches checks when called, before the first batch is asked for
    assert all(word in str(caught.value) for word in words), caught.value


def test_train_test_split_needs_two_samples():
    with pytest.raises(ValueError, match=r"at least 2 samples.*got 1"):
        train_test_split(np.zeros((1, 2)), np.zeros(1))


@pytest.mark.parametrize("batch_size, error, words", [
    (0, ValueError, ["batch_size", ">= 1", "got batch_size=0"]),
    (-3, ValueError, ["batch_size", "-3"]),
    (2.0, TypeError, ["batch_size", "int", "2.0", "float"]),
    (None, TypeError, ["batch_size", "None"]),
    (True, TypeError, ["batch_size", "bool"]),
])
def test_bad_batch_size(batch_size, error, words):
    with pytest.raises(error) as caught:
        batches(*ids(10), batch_size)
    assert all(word in str(caught.value) for word in words), caught.value
