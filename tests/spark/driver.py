"""Test driver: one PySpark session (one JVM, local[2]) that the Spark tests talk to.

Used only by tests/spark/*.test.ts (through tests/spark/spark-driver.ts). Protocol: one JSON
request per line on stdin; one JSON reply per request on stdout, on a line starting with
REPLY_MARK (anything else Spark or py4j print is ignored by the client). Requests:

  {"op": "hello"}
      -> {"sparkVersion": "3.5.9"}
  {"op": "fit", "data": CSV, "ids": "int"|"string", "params": {ALS params by Spark's names}, "out": DIR}
      fits pyspark.ml.recommendation.ALS on CSV (header user,item,rating) and saves the model to DIR
      -> {}
  {"op": "apply", "model": DIR, "pairs": [[user, item], ...], "k": 10, "idMap": bool}
      ALSModel.load(DIR); transform on the pairs (in order, tagged with their index) and
      recommendForAllUsers(k). With idMap, the pairs hold alsrec's string ids and the model's
      alsrec.json maps them to Spark's row numbers and back, as docs/model-format.md shows.
      -> {"params": {...}, "rank": n, "predictions": [[index, prediction|null], ...],
          "recs": [[user, [[item, score], ...]], ...], "minFactor": x}
  {"op": "readParquet", "path": FILE_OR_DIR}
      spark.read.parquet: the schema's simpleString and every row as JSON (Row.asDict(recursive))
      -> {"schema": "struct<...>", "rows": [{...}, ...]}
  {"op": "writeParquet", "data": CSV, "schema": "user BIGINT, item STRING, rating DOUBLE", "out": DIR, "parts": n}
      reads the CSV (header) with that DDL schema and writes it with Spark's Parquet writer as n
      part files (repartition(n) keeps no order, so readers must compare as sets)
      -> {}
  {"op": "quit"}

Errors come back as {"error": "message"} and the driver keeps serving.
"""
import json
import math
import sys
import traceback

from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import FloatType, IntegerType, StringType, StructField, StructType
from pyspark.ml.recommendation import ALS, ALSModel

REPLY_MARK = "@@alsrec-driver "

spark = (
    SparkSession.builder.master("local[2]")
    .appName("alsrec-spark-tests")
    .config("spark.ui.enabled", "false")
    .config("spark.sql.shuffle.partitions", "4")
    .config("spark.driver.memory", "1g")
    .getOrCreate()
)
spark.sparkContext.setLogLevel("ERROR")


def reply(obj):
    sys.stdout.write(REPLY_MARK + json.dumps(obj, allow_nan=False) + "\n")
    sys.stdout.flush()


def num(x):
    """float32 from Spark as a JSON number; NaN as null."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return float(x)


def fit(req):
    id_type = IntegerType() if req.get("ids", "int") == "int" else StringType()
    schema = StructType(
        [StructField("user", id_type), StructField("item", id_type), StructField("rating", FloatType())]
    )
    df = spark.read.csv(req["data"], header=True, schema=schema)
    params = dict(req["params"])
    # The CSV columns are user,item,rating; rename them to the columns the params name.
    df = (
        df.withColumnRenamed("user", params.get("userCol", "user"))
        .withColumnRenamed("item", params.get("itemCol", "item"))
        .withColumnRenamed("rating", params.get("ratingCol", "rating"))
    )
    prediction_col = params.pop("predictionCol", None)  # not an ALS() keyword in PySpark
    als = ALS(**params)
    if prediction_col:
        als.setPredictionCol(prediction_col)
    model = als.fit(df)
    model.write().overwrite().save(req["out"])
    return {}


def apply(req):
    model = ALSModel.load(req["model"])
    user_col, item_col, pred_col = model.getUserCol(), model.getItemCol(), model.getPredictionCol()
    k = int(req.get("k", 10))
    pairs = [(i, p[0], p[1]) for i, p in enumerate(req["pairs"])]
    if req.get("idMap"):
        # alsrec.json lists the string ids; Spark's id column holds their positions in the list.
        with open(req["model"] + "/alsrec.json") as f:
            sidecar = json.load(f)
        users = spark.createDataFrame(list(enumerate(sidecar["userIds"])), ["uid", "userId"])
        items = spark.createDataFrame(list(enumerate(sidecar["itemIds"])), ["iid", "itemId"])
        df = spark.createDataFrame(pairs, ["index", "userId", "itemId"])
        # Left joins; an unknown string id gets -1 (no row has it: a cold start). Spark rejects null ids.
        df = (
            df.join(users, "userId", "left")
            .join(items, "itemId", "left")
            .select("index", F.coalesce("uid", F.lit(-1)).alias(user_col), F.coalesce("iid", F.lit(-1)).alias(item_col))
        )
    else:
        df = spark.createDataFrame(pairs, ["index", user_col, item_col])
        df = df.select("index", F.col(user_col).cast("int"), F.col(item_col).cast("int"))
    predictions = [
        [r["index"], num(r[pred_col])] for r in model.transform(df).select("index", pred_col).collect()
    ]
    recs_df = model.recommendForAllUsers(k)
    if req.get("idMap"):
        # Back to strings: explode, join both maps, collect the lists again in score order.
        exploded = recs_df.select(user_col, F.posexplode("recommendations").alias("pos", "rec")).select(
            F.col(user_col).alias("uid"), "pos", F.col("rec." + item_col).alias("iid"), F.col("rec.rating").alias("rating")
        )
        joined = exploded.join(users, "uid").join(items, "iid")
        rows = joined.select("userId", "pos", "itemId", "rating").collect()
        by_user = {}
        for r in rows:
            by_user.setdefault(r["userId"], []).append((r["pos"], r["itemId"], r["rating"]))
        recs = [[u, [[i, num(s)] for _, i, s in sorted(lst)]] for u, lst in by_user.items()]
    else:
        recs = [
            [r[user_col], [[x[item_col], num(x["rating"])] for x in r["recommendations"]]]
            for r in recs_df.collect()
        ]
    factors = model.userFactors.select(F.explode("features").alias("f")).union(
        model.itemFactors.select(F.explode("features").alias("f"))
    )
    params = {p.name: v for p, v in model.extractParamMap().items()}
    return {
        "params": {k2: params.get(k2) for k2 in ("userCol", "itemCol", "predictionCol", "coldStartStrategy")},
        "rank": model.rank,
        "predictions": predictions,
        "recs": recs,
        "minFactor": num(factors.agg(F.min("f")).first()[0]),
    }


def read_parquet(req):
    df = spark.read.parquet(req["path"])
    return {"schema": df.schema.simpleString(), "rows": [r.asDict(recursive=True) for r in df.collect()]}


def write_parquet(req):
    df = spark.read.csv(req["data"], header=True, schema=req["schema"])
    df.repartition(int(req.get("parts", 2))).write.mode("overwrite").parquet(req["out"])
    return {}


OPS = {
    "hello": lambda req: {"sparkVersion": spark.version},
    "fit": fit,
    "apply": apply,
    "readParquet": read_parquet,
    "writeParquet": write_parquet,
}

reply({"ready": True, "sparkVersion": spark.version})
for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    req = json.loads(line)
    if req.get("op") == "quit":
        break
    try:
        op = OPS.get(req.get("op"))
        if op is None:
            raise ValueError("unknown op %r" % req.get("op"))
        reply(op(req))
    except Exception as e:  # reported to the test, which fails with the message
        reply({"error": "%s: %s\n%s" % (type(e).__name__, e, traceback.format_exc())})
spark.stop()
