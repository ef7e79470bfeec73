"""Benchmark: postc's model inference beside quicktype and datamodel-code-generator.

Run ``.venv/bin/python bench/inference/run.py [--quick]``; see ``run.py``.
"""
