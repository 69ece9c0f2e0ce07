# Exact-integer oracles for large 2x2 Fisher tests (independent of the Rust code):
# P(x) = C(r1,x) C(r2,c1-x) / C(n,c1), summed as exact integers.
from math import comb
from fractions import Fraction
import itertools, sys
def fisher(a,b,c,d):
    r1,r2,c1=a+b,c+d,a+c; n=a+b+c+d
    lo,hi=max(0,c1-r2),min(r1,c1)
    num={x:comb(r1,x)*comb(r2,c1-x) for x in range(lo,hi+1)}
    den=comb(n,c1)
    obs=num[a]
    # R rule: d <= d_obs*(1+1e-7)  -> exact: num*1e7 <= obs*(1e7+1)
    two=sum(v for v in num.values() if v*10**7 <= obs*(10**7+1))
    less=sum(v for x,v in num.items() if x<=a); greater=sum(v for x,v in num.items() if x>=a)
    f=lambda v: float(Fraction(v,den))
    return f(two),f(less),f(greater),f(obs)
for t in [(5000,5200,4800,5100),(60,40,45,55),(1200,800,1100,900)]:
    print(t, [repr(v) for v in fisher(*t)])
