import numpy as np, itertools, math
from scipy import stats
from scipy.stats.contingency import odds_ratio
from fractions import Fraction
from math import comb, factorial
def hyper_2x2(t):
    a,b = t[0]; c,d = t[1]
    r1=a+b; c1=a+c; n=a+b+c+d
    lo=max(0,c1-(n-r1)); hi=min(r1,c1)
    den=comb(n,c1)
    pr={x:Fraction(comb(r1,x)*comb(n-r1,c1-x),den) for x in range(lo,hi+1)}
    return pr,a
def fisher2x2_exact(t):
    pr,a = hyper_2x2(t)
    pobs=pr[a]
    less=sum(v for k,v in pr.items() if k<=a)
    greater=sum(v for k,v in pr.items() if k>=a)
    # R: relErr 1+1e-7
    two=sum(v for v in pr.values() if float(v) <= float(pobs)*(1+1e-7))
    two_exact=sum(v for v in pr.values() if v <= pobs)
    return pobs, less, greater, two, two_exact
for name,t in {"TeaTasting R: matrix(c(3,1,1,3),2) = [[3,1],[1,3]]":[[3,1],[1,3]],
               "Convictions R: matrix(c(2,10,15,3),2) = [[2,15],[10,3]]":[[2,15],[10,3]],
               "hand [[8,2],[1,5]]":[[8,2],[1,5]],
               "hand [[10,20],[30,40]]":[[10,20],[30,40]]}.items():
    pobs,less,greater,two,two_ex = fisher2x2_exact(t)
    sc2 = stats.fisher_exact(t); scl=stats.fisher_exact(t,alternative='less'); scg=stats.fisher_exact(t,alternative='greater')
    orc = odds_ratio(np.array(t), kind='conditional'); ci=orc.confidence_interval(0.95)
    oru = odds_ratio(np.array(t), kind='sample')
    print("==",name)
    print("  P(obs table) =",pobs,"=",float(pobs))
    print("  less  =",less,"=",repr(float(less)),"| scipy",repr(scl.pvalue))
    print("  greater=",greater,"=",repr(float(greater)),"| scipy",repr(scg.pvalue))
    print("  two-sided (sum P<=Pobs*(1+1e-7)) =",two,"=",repr(float(two)),"| scipy",repr(sc2.pvalue), "| exact-rational rule same:", two==two_ex)
    print("  sample OR=",repr(oru.statistic)," conditional MLE OR=",repr(orc.statistic)," 95% CI=",repr(ci.low),repr(ci.high))
