"""The seed notebook's PySpark ALS pipeline, timed stage by stage (`npm run bench -- --spark`).

Reads the train/test split alsrec wrote (so both sides see the same rows), then for each seed:
ALS(rank=10, maxIter=15, regParam=0.05, coldStartStrategy='drop').fit(train); RMSE, MAE, R² and
explained variance with RegressionEvaluator on test; recommendForAllUsers, seen (training) items
removed by an anti-join, top k kept; precision/recall/NDCG@k and MAP with pyspark.mllib's
RankingMetrics (what the recommenders library's SparkRankingEvaluation calls), every test item
relevant. One setting departs from Spark's defaults: spark.sql.shuffle.partitions=4 (see below). Prints one JSON line: {"sparkVersion", "read", "runs": [{seed, seconds: {...}, metrics: {...}}]}.
"""
import json
import sys
import time

from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql.types import FloatType, IntegerType, LongType, StructField, StructType
from pyspark.ml.evaluation import RegressionEvaluator
from pyspark.ml.recommendation import ALS
from pyspark.mllib.evaluation import RankingMetrics

train_path, test_path, seeds, k = sys.argv[1], sys.argv[2], [int(s) for s in sys.argv[3].split(",")], int(sys.argv[4])
master = sys.argv[5] if len(sys.argv) > 5 else "local[2]"

spark = (
    SparkSession.builder.master(master).appName("seed-notebook")
    .config("spark.ui.enabled", "false").config("spark.driver.memory", "2g")
    # 4 shuffle partitions instead of 200: the one tuning a local[2] run of 100k rows needs (with 200,
    # every join and RankingMetrics pass schedules 200 tasks, most of them Python workers).
    .config("spark.sql.shuffle.partitions", "4").getOrCreate()
)
spark.sparkContext.setLogLevel("ERROR")

schema = StructType([
    StructField("userId", IntegerType()), StructField("movieId", IntegerType()),
    StructField("rating", FloatType()), StructField("timestamp", LongType()),
])
t = time.time()
train = spark.read.csv(train_path, header=True, schema=schema).cache()
test = spark.read.csv(test_path, header=True, schema=schema).cache()
n_train, n_test = train.count(), test.count()
read_seconds = time.time() - t

seen = train.select("userId", "movieId")
max_seen = seen.groupBy("userId").count().agg(F.max("count")).first()[0]
truth = test.groupBy("userId").agg(F.collect_list("movieId").alias("truth")).cache()
truth.count()

runs = []
for seed in seeds:
    s = {}
    t = time.time()
    als = ALS(rank=10, maxIter=15, regParam=0.05, userCol="userId", itemCol="movieId", ratingCol="rating",
              coldStartStrategy="drop", seed=seed)
    model = als.fit(train)
    model.userFactors.count()
    model.itemFactors.count()
    s["fit"] = time.time() - t

    t = time.time()
    predictions = model.transform(test).cache()
    m = {}
    for name in ("rmse", "mae", "r2", "var"):
        m[name] = RegressionEvaluator(metricName=name, labelCol="rating", predictionCol="prediction").evaluate(predictions)
    s["predict"] = time.time() - t

    t = time.time()
    flat = model.recommendForAllUsers(k + max_seen).select("userId", F.posexplode("recommendations").alias("pos", "rec")) \
        .select("userId", "pos", F.col("rec.movieId").alias("movieId"))
    flat = flat.join(seen, ["userId", "movieId"], "left_anti") \
        .withColumn("r", F.row_number().over(Window.partitionBy("userId").orderBy("pos"))).filter(F.col("r") <= k)
    top = flat.groupBy("userId").agg(F.sort_array(F.collect_list(F.struct("pos", "movieId"))).alias("l")) \
        .select("userId", F.col("l.movieId").alias("recs")).cache()
    top.count()
    s["recommend"] = time.time() - t

    t = time.time()
    rows = truth.join(top, "userId", "left").select("recs", "truth").collect()
    pairs = spark.sparkContext.parallelize([(r["recs"] or [], r["truth"]) for r in rows], 2).cache()
    rm = RankingMetrics(pairs)
    m.update({"precisionAtK": rm.precisionAt(k), "recallAtK": rm.recallAt(k), "ndcgAtK": rm.ndcgAt(k),
              "map": rm.meanAveragePrecision, "mapAtK": rm.meanAveragePrecisionAt(k)})
    s["rankingMetrics"] = time.time() - t
    sys.stderr.write("seed %d: %s\n" % (seed, json.dumps(s)))
    runs.append({"seed": seed, "seconds": s, "metrics": m, "ratedPairs": predictions.count()})
    predictions.unpersist()
    top.unpersist()

print("@@seed-notebook " + json.dumps({"sparkVersion": spark.version, "read": read_seconds,
                                       "rows": {"train": n_train, "test": n_test}, "runs": runs}))
spark.stop()
