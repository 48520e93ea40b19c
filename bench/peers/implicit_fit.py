"""Fits benfred/implicit's ALS on the rows alsrec fitted, for `npm run bench -- --peers implicit`.

    python implicit_fit.py <data dir> '<settings JSON>'

<data dir> holds users.i32, items.i32, ratings.f32 (little-endian, one value per row, dense
indices as alsrec compacted them) and shape.json ({"users": U, "items": I}), written by
bench/peers/write-data.ts. Settings: factors, iterations, regularization, alpha, solver (cg or
cholesky), threads, topK (bool). Prints one JSON line on stdout.

Confidence: Spark (and alsrec) weight a rating r by c = 1 + alpha*r; implicit 0.7 weights by the
value it is given, so it is given 1 + alpha*r (same work, same confidences). The regularisation is
not scaled by the row's count in implicit (it is in Spark); the work per iteration is the same.
"""
import json
import resource
import sys
import time


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    data_dir, settings = sys.argv[1], json.loads(sys.argv[2])
    rss_start = peak_mb()
    t = time.perf_counter()
    import numpy as np
    import scipy
    import scipy.sparse as sp
    import implicit
    from implicit.cpu.als import AlternatingLeastSquares
    import_seconds = time.perf_counter() - t

    t = time.perf_counter()
    with open(f"{data_dir}/shape.json") as f:
        shape = json.load(f)
    users = np.fromfile(f"{data_dir}/users.i32", dtype="<i4")
    items = np.fromfile(f"{data_dir}/items.i32", dtype="<i4")
    conf = np.fromfile(f"{data_dir}/ratings.f32", dtype="<f4")
    conf *= settings["alpha"]
    conf += 1
    user_items = sp.csr_matrix((conf, (users, items)), shape=(shape["users"], shape["items"]), dtype=np.float32)
    del users, items, conf
    data_seconds = time.perf_counter() - t
    rss_after_data = peak_mb()

    model = AlternatingLeastSquares(
        factors=settings["factors"],
        regularization=settings["regularization"],
        alpha=1.0,
        iterations=settings["iterations"],
        use_cg=settings["solver"] == "cg",
        num_threads=settings["threads"],
        random_state=0,
        calculate_training_loss=False,
    )
    t = time.perf_counter()
    model.fit(user_items, show_progress=False)
    fit_seconds = time.perf_counter() - t
    rss_after_fit = peak_mb()

    top_k_seconds = None
    if settings.get("topK"):
        t = time.perf_counter()
        model.recommend(np.arange(shape["users"]), user_items, N=10, filter_already_liked_items=True)
        top_k_seconds = time.perf_counter() - t

    print(json.dumps({
        "versions": {"implicit": implicit.__version__, "numpy": np.__version__, "scipy": scipy.__version__, "python": sys.version.split()[0]},
        "rows": int(user_items.nnz),
        "importSeconds": import_seconds,
        "dataSeconds": data_seconds,
        "fitSeconds": fit_seconds,
        "topKSeconds": top_k_seconds,
        "rssStartMB": rss_start,
        "rssAfterDataMB": rss_after_data,
        "rssAfterFitMB": rss_after_fit,
        "peakRssMB": peak_mb(),
    }))


if __name__ == "__main__":
    main()
