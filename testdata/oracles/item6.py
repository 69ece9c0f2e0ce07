import numpy as np, krippendorff
from statsmodels.stats.inter_rater import cohens_kappa
from fractions import Fraction as F
def kappa_exact(t):
    t=[[F(v) for v in r] for r in t]; n=sum(map(sum,t)); k=len(t)
    po=sum(t[i][i] for i in range(k))/n
    pe=sum(sum(t[i])*sum(t[j][i] for j in range(k)) for i in range(k))/n/n
    return po,pe,(po-pe)/(1-pe)
for name,t in {"Wikipedia ex1 [[20,5],[10,15]]":[[20,5],[10,15]],
               "Wikipedia ex2 [[45,15],[25,15]]":[[45,15],[25,15]],
               "Wikipedia ex3 [[25,35],[5,35]]":[[25,35],[5,35]],
               "3x3 hand [[10,2,3],[1,12,2],[2,1,17]]":[[10,2,3],[1,12,2],[2,1,17]]}.items():
    po,pe,k = kappa_exact(t)
    sm = cohens_kappa(np.array(t))
    print(name, "po=",po,"pe=",pe,"kappa=",k,"=",repr(float(k)), "| statsmodels", repr(sm.kappa), "ASE(kappa)=",repr(sm.std_kappa), "SE0=",repr(sm.std_kappa0))
# Krippendorff 2011 example: 4 observers x 12 units
K = np.array([[1,2,3,3,2,1,4,1,2,np.nan,np.nan,np.nan],
              [1,2,3,3,2,2,4,1,2,5,np.nan,3],
              [np.nan,3,3,3,2,3,4,2,2,5,1,np.nan],
              [1,2,3,3,2,4,4,1,2,5,1,np.nan]])
for lvl in ["nominal","ordinal","interval","ratio"]:
    a = krippendorff.alpha(reliability_data=K, level_of_measurement=lvl)
    b = None
    print("Kripp2011", lvl, repr(a), "| statsmodels", repr(b))
# exact rational nominal alpha
from collections import Counter
def kalpha_exact(data, delta):
    units=[[v for v in col if not np.isnan(v)] for col in data.T]
    units=[u for u in units if len(u)>=2]
    vals=sorted(set(v for u in units for v in u))
    o={(c,k):F(0) for c in vals for k in vals}
    for u in units:
        m=len(u)
        for i in range(m):
            for j in range(m):
                if i!=j: o[(u[i],u[j])]+=F(1,m-1)
    nc={c:sum(o[(c,k)] for k in vals) for c in vals}; n=sum(nc.values())
    Do=sum(o[(c,k)]*delta(c,k,nc,vals) for c in vals for k in vals)
    De=sum(nc[c]*nc[k]*delta(c,k,nc,vals) for c in vals for k in vals)/(n-1)
    return 1-Do/De, n
nom=lambda c,k,nc,v: 0 if c==k else 1
itv=lambda c,k,nc,v: F(int(c)-int(k))**2
def ordd(c,k,nc,vals):
    lo,hi=min(c,k),max(c,k)
    s=sum(nc[g] for g in vals if lo<=g<=hi) - (nc[c]+nc[k])/2
    return s*s
rat=lambda c,k,nc,v: (F(int(c)-int(k))/F(int(c)+int(k)))**2
for nm,d in [("nominal",nom),("ordinal",ordd),("interval",itv),("ratio",rat)]:
    a,n=kalpha_exact(K,d); print("  exact",nm,a,"=",repr(float(a)),"n pairable=",n)
# Wikipedia/krippendorff docstring example 3 coders x 15 units
W = np.array([[np.nan,np.nan,np.nan,np.nan,np.nan,3,4,1,2,1,1,3,3,np.nan,3],
              [1,np.nan,2,1,3,3,4,3,np.nan,np.nan,np.nan,np.nan,np.nan,np.nan,np.nan],
              [np.nan,np.nan,2,1,3,4,4,np.nan,2,1,1,3,3,np.nan,4]])
for nm,d in [("nominal",nom),("interval",itv),("ordinal",ordd)]:
    a,n=kalpha_exact(W,d); print("Wiki 3x15",nm,a,"=",repr(float(a)), "| pkg", repr(krippendorff.alpha(reliability_data=W, level_of_measurement=nm)))
