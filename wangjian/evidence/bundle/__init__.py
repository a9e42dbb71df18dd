"""Evidence bundles without Django: hashing, the Merkle custody-log maths, checkpoints,
signatures, RFC 3161 timestamps, the WACZ writer and the seven-step offline verifier.

Nothing in this package imports Django, so ``wangjian evidence verify`` and a court examiner can
use it on a machine that has only the bundle, the trust file and these modules
(evidence-design.md §4.4: 可以通过特定形式得到验证).
"""
