# kroniek — everything a fresh machine needs is installed by these targets.
#   make demo   install into .venv, analyse and ingest the bundled samples (Dutch and English)
#   make test   the test suite (installs Debian chromium for the browser tests)
#   make model  retrain the Dutch pipeline from ../shared/data (training: about 20 minutes on one core)
#   make model-en  retrain the English pipeline from ../shared/data/en (UD EWT + GUM + MEANTIME; see training/en/prepare.py)
#   make events retrain the learned event coder from the annotated corpus in training/events (about 2 minutes)
#   make events-en  the English trigger lexicon (training/en/build_triggers.py) and event coder (training/events_en)
#   make evaluate / make bench   write docs/evaluation.md / docs/performance.md
#   make bench-scale  1 vs 2 Dask workers, the batch writer, Parquet -> docs/scaling.md (reads ../shared)
#   make bench-api  the API under load (50 clients, 30 s) and requests during an ingest -> docs/performance.md
#   make actors     rebuild the actor dictionary (src/kroniek/data/actors.jsonl) from ../shared/data
#   make baselines   Frog, HeidelTime and dateparser on the dev gold (docs/baselines.json)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
KRONIEK := $(VENV)/bin/kroniek
SHARED ?= ../shared
DATA ?= $(SHARED)/data
DEMO_INPUT ?= samples/articles.jsonl samples/articles_en.jsonl
DEMO_DB ?= kroniek.duckdb
STAMP := $(VENV)/.installed
MODEL_STEPS ?= 8000
EN_MODEL_STEPS ?= 12000

.PHONY: demo test install model model-en events events-en gazetteer actors evaluate baselines frog bench bench-scale bench-api wrk clean
include mk/browser.mk

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(KRONIEK) analyze $(DEMO_INPUT)
	$(KRONIEK) ingest --db $(DEMO_DB) $(DEMO_INPUT)
	@echo
	@echo "Stored in $(DEMO_DB). Explore it with:  $(KRONIEK) serve --db $(DEMO_DB)   (then open http://127.0.0.1:8000)"

test: $(STAMP) browser
	$(PY) -m pytest -q

# --- model training (needs ../shared/data; not part of demo/test) ---
model: $(STAMP) gazetteer
	$(PY) training/alpino_to_ud.py --zip $(DATA)/alpino_treebank_xml/alpino.zip --out training/corpus/alpino_cdb.conllu \
		--ud-lexicon $(DATA)/ud_nl/nl_lassysmall-ud-dev.conllu $(DATA)/ud_nl/nl_lassysmall-ud-test.conllu \
		$(DATA)/ud_nl/lassysmall_r1.4_udv1/nl_lassysmall-ud-train.conllu
	$(PY) training/prepare.py --data $(DATA) --out training/corpus --alpino-ud training/corpus/alpino_cdb.conllu \
		--alpino-tags --ner-dev-in-train --upos-tagger --r14-to-v2
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(PY) -m spacy train training/nl.cfg -o training/output/final \
		--code training/numpy_gemm.py --training.max_steps $(MODEL_STEPS)
	$(PY) training/finalize.py training/output/final/model-best --shared $(SHARED)
	$(MAKE) events  # the event coder reads the parse: retrain it on the new model's analyses

# the English pipeline (src/kroniek/models/en_kroniek): corpora, training on one thread, then finalize, which
# scores the held-out test data (EWT test, GUM test, MEANTIME test split) into training/en/results/parse.json
model-en: $(STAMP)
	$(PY) training/en/prepare.py --data $(DATA) --out training/corpus_en
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(PY) -m spacy train training/en.cfg -o training/output/en_final \
		--code training/numpy_gemm.py --training.max_steps $(EN_MODEL_STEPS)
	$(PY) training/en/finalize.py training/output/en_final/model-best --shared $(SHARED) --rescore-test

# the learned event coder (src/kroniek/data/nl/event_model/) from the annotated corpus (training/events/);
# needs no ../shared: the corpus texts are in the repository
events: $(STAMP)
	$(PY) -m pip install --quiet -e ".[build]"
	$(PY) training/events/corpus.py build > /dev/null
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(PY) training/events/train.py --curve

# the English event coder (src/kroniek/data/en/event_model/) from training/events_en/ (the PolNeAR sample's text,
# research use, is rebuilt from ../shared by its sources.py; without it the corpus builds from the committed texts);
# the English trigger lexicon is rebuilt from ../shared's CAMEO dictionary, and the PLOVER GSR train records join
# the training data (training/en/plover_gsr.py), when ../shared is there
events-en: $(STAMP)
	$(PY) -m pip install --quiet -e ".[build]"
	if [ -d $(SHARED)/data/phoenix_dictionaries ]; then $(PY) training/en/build_triggers.py --shared $(SHARED); fi
	if [ -d $(SHARED)/data/en/polnear_train ]; then $(PY) training/events_en/sources.py --shared $(SHARED) > /dev/null; fi
	$(PY) training/events/corpus.py --corpus-dir training/events_en build > /dev/null
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(PY) training/events/train.py --lang en --curve --type-thresholds \
		$(if $(wildcard $(SHARED)/data/plover),--plover-gsr $(SHARED))

evaluate: $(STAMP)
	$(PY) -m kroniek.evaluate.report --shared $(SHARED) --out docs/evaluation.md

baselines: $(STAMP) frog
	$(PY) -m pip install --quiet -e ".[baselines]"
	$(PY) bench/ner_baselines.py --gold $(SHARED)/eval/dev_gold.jsonl
	$(PY) bench/timex_baselines.py --gold $(SHARED)/eval/dev_gold.jsonl --json docs/baselines.json

# the word-level name gazetteer the NER reads (src/kroniek/data/nl/ner_gazetteer.tsv)
gazetteer: $(STAMP)
	$(PY) -m pip install --quiet -e ".[build]"
	$(PY) training/build_gazetteer.py --shared $(SHARED)

actors: $(STAMP)
	$(PY) -m pip install --quiet -e ".[build]"
	$(PY) training/build_actors.py --shared $(SHARED)

frog:
	@command -v frog >/dev/null || (apt-get update && apt-get install -y frog frogdata)

bench: $(STAMP)
	$(PY) bench/bench.py --corpus $(DATA)/corpus_nl/dpgmedia2019.jsonl --out docs/performance.md

# ingest on 1 vs 2 Dask workers, the batch writer alone, Parquet, extrapolations -> docs/scaling.md
# (reads the 2019 corpus from $(SHARED), i.e. ../shared by default; about 11 minutes on two cores)
bench-scale: $(STAMP)
	@echo "bench-scale reads the corpus from $(DATA)/corpus_nl (../shared by default)"
	$(PY) bench/scale.py --corpus $(DATA)/corpus_nl/dpgmedia2019.jsonl --n 400 --repeats 4 --whole-corpus --out docs/scaling.md

# the API under load on the 2019 corpus store (built first if BENCH_API_DB is missing: about 4 minutes), with
# the code of BENCH_API_BASELINE (a commit; before the store-owning server) measured in the same run; then
# requests during a handed-over ingest of 100 corpus articles. Both write their own section of docs/performance.md.
BENCH_API_DB ?= $(HOME)/.cache/kroniek/corpus-2019.duckdb
BENCH_API_BASELINE ?= ce71951
bench-api: $(STAMP) wrk
	rm -rf build/bench-api-baseline && mkdir -p build/bench-api-baseline
	git archive $(BENCH_API_BASELINE) src | tar -x -C build/bench-api-baseline || echo "no baseline: $(BENCH_API_BASELINE) not in this repository"
	$(PY) bench/api_load.py --db $(BENCH_API_DB) --corpus $(DATA)/corpus_nl/dpgmedia2019.jsonl \
		--baseline-src build/bench-api-baseline/src --baseline-label $(BENCH_API_BASELINE) --no-cache-run --out docs/performance.md
	$(PY) bench/ingest_while_serving.py --corpus $(DATA)/corpus_nl/dpgmedia2019.jsonl --articles 100 --out docs/performance.md

wrk:
	@command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
