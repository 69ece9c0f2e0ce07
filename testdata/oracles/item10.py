import numpy as np, statistics
from fractions import Fraction as F
def type7(x,p):
    x=sorted(map(F,x)); n=len(x); h=(n-1)*F(p); j=int(h); g=h-j
    return x[j] + (g*(x[j+1]-x[j]) if j+1<n else 0)
def type6(x,p):
    x=sorted(map(F,x)); n=len(x); h=(n+1)*F(p)
    if h<1: return None
    if h>=n: return x[-1]
    j=int(h); g=h-j; return x[j-1]+g*(x[j]-x[j-1])
for data in ([1,2,4,7,8,9,10,12],[11,21,42,27,18,29,32,52],[6,7,15,36,39,40,41,42,43,47,49],[1,3,2,4],[2,4,4,4,5,5,7,9],[7,1,3,5,9,11]):
    print("data",data)
    for p in (F(1,4),F(1,2),F(3,4),F(3,10),F(9,10)):
        t7=type7(data,p); t6=type6(data,p)
        print(f"   p={p}: type7/INC={t7} ({float(t7)!r}) numpy_linear={np.percentile(data,float(p)*100)!r} | type6/EXC={t6} numpy_weibull={np.percentile(data,float(p)*100,method='weibull')!r}")
    print("   sample sd (n-1)=",repr(statistics.stdev(data))," pop sd (n)=",repr(statistics.pstdev(data)), " var(n-1)=",statistics.variance(map(F,data)), " mean=",statistics.mean(map(F,data)))
