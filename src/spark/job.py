"""alsrec's PySpark job: `alsrec spark train|recommend` runs it through spark-submit.

One file, PySpark only (pyspark.ml imports numpy, which PySpark's own installs bring). Reads CSV,
TSV, MovieLens files or Parquet from any URI Spark reads (file:, hdfs://, s3a://) and writes:

  train      a Spark ALSModel directory plus alsrec.json beside its metadata (docs/model-format.md),
             so `alsrec evaluate|recommend MODEL` use it as is. String ids are indexed
             0..n-1 (sorted) and listed in alsrec.json, as alsrec itself stores them.
  recommend  recommendForAllUsers(k), items in --exclude removed by an anti-join, as Parquet in
             Spark's schema: user, recommendations: array<struct<item, rating>> (ids as in the input).

Its last stdout line is `@@alsrec-job {json summary}`, which the launcher reads.
"""
import argparse
import json
import sys
import time
import uuid

from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F
from pyspark.ml.recommendation import ALS, ALSModel

MARK = "@@alsrec-job "
SIDECAR = "alsrec.json"
INT_MIN, INT_MAX = -(2**31), 2**31 - 1


def fail(message):
    sys.stderr.write("alsrec spark job: %s\n" % message)
    sys.exit(2)


def add_data_flags(p):
    p.add_argument("--format", choices=["auto", "csv", "tsv", "parquet", "ml100k", "ml-dat"], default="auto")
    p.add_argument("--user-col", default="user")
    p.add_argument("--item-col", default="item")
    p.add_argument("--rating-col", default="rating", help="'none': every row counts as rating 1")
    p.add_argument("--ids", choices=["auto", "string"], default="auto")


def parse(argv):
    top = argparse.ArgumentParser(prog="alsrec-spark-job")
    sub = top.add_subparsers(dest="verb", required=True)
    t = sub.add_parser("train")
    t.add_argument("input")
    t.add_argument("--out", required=True)
    t.add_argument("--overwrite", action="store_true")
    t.add_argument("--rank", type=int, default=10)
    t.add_argument("--max-iter", type=int, default=10)
    t.add_argument("--reg-param", type=float, default=0.1)
    t.add_argument("--implicit", action="store_true")
    t.add_argument("--alpha", type=float, default=1.0)
    t.add_argument("--nonnegative", action="store_true")
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--cold-start", choices=["nan", "drop"], default="nan")
    add_data_flags(t)
    r = sub.add_parser("recommend")
    r.add_argument("model")
    r.add_argument("--k", type=int, default=10)
    r.add_argument("--out", required=True)
    r.add_argument("--exclude")
    r.add_argument("--overwrite", action="store_true")
    add_data_flags(r)
    return top.parse_args(argv)


def detect_format(path):
    name = path.rstrip("/").split("/")[-1].lower()
    if name.endswith(".parquet") or "." not in name:
        return "parquet"  # a .parquet file, or a directory of parts as Spark writes them
    if name == "u.data":
        return "ml100k"
    if name.endswith(".dat"):
        return "ml-dat"
    if name.endswith(".tsv") or name.endswith(".tab"):
        return "tsv"
    return "csv"


def read_interactions(spark, path, a):
    """A DataFrame with columns user, item, rating (ids as read: int or string)."""
    fmt = detect_format(path) if a.format == "auto" else a.format
    if fmt == "parquet":
        df = spark.read.parquet(path)
    elif fmt == "ml100k":
        df = spark.read.csv(path, sep="\t", schema="user INT, item INT, rating FLOAT, timestamp LONG")
    elif fmt == "ml-dat":
        df = spark.read.csv(path, sep="::", schema="user INT, item INT, rating FLOAT, timestamp LONG")
    else:
        df = spark.read.csv(path, sep="\t" if fmt == "tsv" else ",", header=True)
    cols = {"user": "user", "item": "item", "rating": "rating"} if fmt in ("ml100k", "ml-dat") else {
        "user": a.user_col, "item": a.item_col, "rating": a.rating_col}
    for role in ("user", "item") + (() if cols["rating"] == "none" else ("rating",)):
        if cols[role] not in df.columns:
            fail("%s: no column %r for the %s (columns: %s); pass --%s-col" % (path, cols[role], role, ", ".join(df.columns), role))
    rating = F.lit(1.0) if cols["rating"] == "none" else F.col(cols["rating"]).cast("float")
    return df.select(F.col(cols["user"]).alias("user"), F.col(cols["item"]).alias("item"), rating.alias("rating"))


def int_ids(df, col):
    """True when every value of `col` is an integer in Spark's int range (alsrec's --ids auto)."""
    t = dict(df.dtypes)[col]
    if t in ("int", "smallint", "tinyint"):
        return True
    as_long = F.expr("try_cast(`%s` AS BIGINT)" % col)  # Spark 4 (ANSI) fails a plain cast of 'abc'
    bad = df.filter(
        as_long.isNull() | (as_long < INT_MIN) | (as_long > INT_MAX) | (as_long.cast("string") != F.trim(F.col(col).cast("string")))
    ).limit(1).count()
    return bad == 0


def index_ids(spark, df, col):
    """Sorted distinct string ids and a DataFrame (col, <col>_row) numbering them 0..n-1."""
    ids = [r[0] for r in df.select(F.col(col).cast("string")).distinct().orderBy(col).collect()]
    table = spark.createDataFrame(list(zip(ids, range(len(ids)))), [col, col + "_row"])
    return ids, F.broadcast(table)


def hadoop_fs(spark, path):
    jvm = spark.sparkContext._jvm
    p = jvm.org.apache.hadoop.fs.Path(path)
    return p.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()), p, jvm


def read_text(spark, path):
    fs, p, jvm = hadoop_fs(spark, path)
    if not fs.exists(p):
        return None
    stream = fs.open(p)
    reader = jvm.java.io.BufferedReader(jvm.java.io.InputStreamReader(stream, "UTF-8"))
    lines = []
    line = reader.readLine()
    while line is not None:
        lines.append(line)
        line = reader.readLine()
    reader.close()
    return "\n".join(lines)


def write_text(spark, path, text):
    fs, p, _ = hadoop_fs(spark, path)
    out = fs.create(p, True)
    out.write(bytearray(text.encode("utf-8")))
    out.close()


def train(spark, a):
    t0 = time.time()
    df = read_interactions(spark, a.input, a)
    sidecar_ids = {}
    for col in ("user", "item"):
        if a.ids == "string" or not int_ids(df, col):
            ids, table = index_ids(spark, df, col)
            sidecar_ids[col] = ids
            df = df.withColumn(col, F.col(col).cast("string")).join(table, col).drop(col).withColumnRenamed(col + "_row", col)
        else:
            df = df.withColumn(col, F.col(col).cast("int"))
    df = df.cache()
    rows = df.count()
    if rows == 0:
        fail("%s: no rows" % a.input)
    t_read = time.time()
    als = ALS(rank=a.rank, maxIter=a.max_iter, regParam=a.reg_param, implicitPrefs=a.implicit, alpha=a.alpha,
              nonnegative=a.nonnegative, seed=a.seed, coldStartStrategy=a.cold_start,
              userCol="user", itemCol="item", ratingCol="rating")
    model = als.fit(df)
    users, items = model.userFactors.count(), model.itemFactors.count()  # forces the fit
    t_fit = time.time()

    # Atomic hand-over: build next to the target, then rename into place.
    fs, target, jvm = hadoop_fs(spark, a.out)
    if fs.exists(target) and not a.overwrite:
        fail("%s exists; pass --overwrite to replace it" % a.out)
    tmp = a.out.rstrip("/") + ".alsrec-tmp-" + uuid.uuid4().hex[:8]
    model.write().save(tmp)
    options = {
        "rank": a.rank, "maxIter": a.max_iter, "regParam": a.reg_param, "implicitPrefs": a.implicit,
        "alpha": a.alpha, "nonnegative": a.nonnegative, "coldStartStrategy": a.cold_start, "seed": a.seed,
        "userCol": "user", "itemCol": "item", "ratingCol": "rating", "predictionCol": "prediction",
        "solver": "cholesky", "cgSteps": 3, "kernels": "wasm", "numThreads": "auto", "computeLoss": False,
    }
    sidecar = {"format": "alsrec-model", "version": 1, "options": options, "summary": {"loss": [], "iterationSeconds": []}}
    if "user" in sidecar_ids:
        sidecar["userIds"] = sidecar_ids["user"]
    if "item" in sidecar_ids:
        sidecar["itemIds"] = sidecar_ids["item"]
    write_text(spark, tmp + "/" + SIDECAR, json.dumps(sidecar) + "\n")
    if fs.exists(target):
        fs.delete(target, True)
    if not fs.rename(hadoop_fs(spark, tmp)[1], target):
        fail("could not rename %s to %s" % (tmp, a.out))
    t_save = time.time()
    return {"model": a.out, "rows": rows, "users": users, "items": items, "rank": a.rank,
            "stringIds": sorted(sidecar_ids), "sparkVersion": spark.version,
            "seconds": {"read": t_read - t0, "fit": t_fit - t_read, "save": t_save - t_fit}}


def recommend(spark, a):
    t0 = time.time()
    model = ALSModel.load(a.model)
    sidecar_text = read_text(spark, a.model.rstrip("/") + "/" + SIDECAR)
    sidecar = json.loads(sidecar_text) if sidecar_text else {}
    ucol, icol = model.getUserCol(), model.getItemCol()
    k = a.k
    seen = None
    extra = 0
    if a.exclude:
        seen = read_interactions(spark, a.exclude, a).select("user", "item")
        for col, key in (("user", "userIds"), ("item", "itemIds")):
            if key in sidecar:  # string ids: to the model's row numbers
                table = spark.createDataFrame([(s, i) for i, s in enumerate(sidecar[key])], [col, "row"])
                seen = seen.withColumn(col, F.col(col).cast("string")).join(F.broadcast(table), col).drop(col).withColumnRenamed("row", col)
            else:
                seen = seen.withColumn(col, F.col(col).cast("int"))
        seen = seen.distinct().cache()
        extra = seen.groupBy("user").count().agg(F.max("count")).first()[0] or 0
    recs = model.recommendForAllUsers(k + extra)
    flat = recs.select(F.col(ucol).alias("user"), F.posexplode("recommendations").alias("pos", "rec")).select(
        "user", "pos", F.col("rec." + icol).alias("item"), F.col("rec.rating").alias("rating"))
    if seen is not None:
        flat = flat.join(seen, ["user", "item"], "left_anti")
        flat = flat.withColumn("rank", F.row_number().over(Window.partitionBy("user").orderBy("pos"))).filter(F.col("rank") <= k)
    for col, key in (("user", "userIds"), ("item", "itemIds")):
        if key in sidecar:  # back to the string ids
            table = spark.createDataFrame(list(enumerate(sidecar[key])), ["row", col + "_id"])
            flat = flat.join(F.broadcast(table), F.col(col) == F.col("row")).drop("row", col).withColumnRenamed(col + "_id", col)
    out = flat.groupBy("user").agg(F.sort_array(F.collect_list(F.struct("pos", "item", "rating"))).alias("l")).select(
        "user", F.expr("transform(l, x -> named_struct('item', x.item, 'rating', x.rating))").alias("recommendations"))
    out.write.mode("overwrite" if a.overwrite else "errorifexists").parquet(a.out)
    users = spark.read.parquet(a.out).count()
    return {"out": a.out, "users": users, "k": k, "excludedUpTo": extra, "sparkVersion": spark.version,
            "seconds": {"total": time.time() - t0}}


def main():
    a = parse(sys.argv[1:])
    spark = SparkSession.builder.appName("alsrec-" + a.verb).getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    summary = train(spark, a) if a.verb == "train" else recommend(spark, a)
    sys.stdout.write(MARK + json.dumps(summary) + "\n")
    sys.stdout.flush()
    spark.stop()


if __name__ == "__main__":
    main()
