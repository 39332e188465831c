"""Scale-out: analysis on a Dask cluster and analyses as date-partitioned Parquet.

``cluster`` starts or joins a Dask cluster whose workers each load the pipeline
once and analyse batches of articles; ``windowed`` streams batches through any
executor with a bounded number of tasks in flight and results in input order;
``parquet`` writes and reads analyses as Parquet, so that many machines can
analyse and one writer can merge (``kroniek ingest DIR``). See docs/scaling.md.
"""
