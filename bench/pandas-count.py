#!/usr/bin/python3
"""The pandas anchor of the growth benchmark (bench/run.py): reads an answers CSV
(person_id,role,item,answer) in chunks and counts the answers by role, item and answer — what
a tally of the file does, with none of survey import's checks.

    bench/pandas-count.py ANSWERS.csv

Prints "ANSWERS answers in GROUPS groups".
"""
import sys

import pandas as pd


def main():
    counts = None
    for chunk in pd.read_csv(sys.argv[1], usecols=["role", "item", "answer"], dtype="category",
                             chunksize=5_000_000):
        c = chunk.groupby(["role", "item", "answer"], observed=True).size()
        counts = c if counts is None else counts.add(c, fill_value=0)
    print("%d answers in %d groups" % (int(counts.sum()), len(counts)))


if __name__ == "__main__":
    main()
