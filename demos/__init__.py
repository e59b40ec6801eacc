"""The lessons: ``python -m demos.NAME`` runs one; each is also a notebook, notebooks/NAME.ipynb,
generated from the same file (demos/notebooks.py).

Importing the package first checks that ``autograd`` is chainrule's engine, not HIPS autograd
(preinstalled on Colab), so that a lesson never fails with a puzzling error from another package.
"""
from nn.engine_check import check_engine

check_engine()
