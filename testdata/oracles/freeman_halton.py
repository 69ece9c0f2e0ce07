# Exact-integer Freeman-Halton p-values by brute-force enumeration (independent of the Rust code).
# Weight of a table: W = n! / prod(n_ij!) ... use integer K / prod(n_ij!) with K = n! to stay exact.
from math import factorial
from fractions import Fraction
def columns(bounds, total):
    if len(bounds)==1:
        if total<=bounds[0]: yield (total,)
        return
    for v in range(0, min(bounds[0],total)+1):
        for rest in columns(bounds[1:], total-v): yield (v,)+rest
def tables(rows, cols):
    if len(cols)==1:
        yield [ (r,) for r in rows ]; return
    for col in columns(rows, cols[0]):
        rem=[r-v for r,v in zip(rows,col)]
        for t in tables(rem, cols[1:]):
            yield [ (v,)+tr for v,tr in zip(col,t)]
def fh(t):
    rows=[sum(r) for r in t]; cols=[sum(c) for c in zip(*t)]; n=sum(rows)
    N=factorial(n)
    def w(tab):
        p=1
        for r in tab:
            for v in r: p*=factorial(v)
        return Fraction(N,p)
    obs=w(t); tot=0; le=0; cnt=0
    for tab in tables(rows,cols):
        x=w(tab); tot+=x; cnt+=1
        if x*10**7 <= obs*(10**7+1): le+=x
    const=Fraction(1)
    for r in rows: const*=factorial(r)
    for c in cols: const*=factorial(c)
    const/=factorial(n)*N
    return float(le/tot), float(obs*const), cnt
for t in [[[12,5,9,7],[3,10,6,14]], [[8,2,5],[3,9,4],[1,6,10]]]:
    print(t, fh(t))
