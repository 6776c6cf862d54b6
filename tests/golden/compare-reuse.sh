# 'parley reuse' over a small corpus: the three sample plans share points.
mkdir corpus
cp plan-us-28.md plan-eu-counter.md plan-eu-24.md corpus/
p reuse corpus
p reuse --files plan-us-28.md plan-eu-counter.md --format json --threshold 0.9
