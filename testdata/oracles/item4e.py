from fractions import Fraction as F
from math import factorial as fa, prod
import itertools
def tables(R,C):
    # enumerate r x c tables with margins (small)
    r=len(R); c=len(C)
    def rec(i, colrem):
        if i==r-1:
            yield [tuple(colrem)]; return
        def comps(total, caps):
            if len(caps)==1:
                if total<=caps[0]: yield (total,)
                return
            for v in range(min(total,caps[0])+1):
                for t in comps(total-v, caps[1:]): yield (v,)+t
        for row in comps(R[i], list(colrem)):
            for rest in rec(i+1, [a-b for a,b in zip(colrem,row)]):
                yield [row]+rest
    yield from rec(0, list(C))
def P(t,R,C,n):
    return F(prod(fa(x) for x in R)*prod(fa(x) for x in C), fa(n)*prod(fa(v) for row in t for v in row))
for T in ([[3,1,0],[0,2,4]], [[2,0,1],[0,3,1],[1,0,4]], [[1,2,3],[3,2,1]]):
    R=[sum(r) for r in T]; C=[sum(x) for x in zip(*T)]; n=sum(R)
    po=P(T,R,C,n); allt=list(tables(R,C))
    p=sum(P(t,R,C,n) for t in allt if P(t,R,C,n)<=po)
    print(T, "Pobs=",po, "p=",p, float(p), "ntables",len(allt))
