"""Benchmarks: a synthetic corpus generator and a harness that times our build against Hugo and Pelican.

    python -m archive.bench.corpus 10000 bench-work/articles-10000
    python -m archive.bench.run --sizes 1000 10000
"""
