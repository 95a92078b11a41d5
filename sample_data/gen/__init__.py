"""The demo dataset's generator, one idea per module; sample_data/generate.py runs it."""
