import numpy as np
from scipy import stats
from mpmath import mp, mpf, gammainc
mp.dps=40
def chi2sf_mp(x, df):
    return gammainc(mpf(df)/2, mpf(x)/2, mp.inf, regularized=True)
o = np.array([30,14,34,45,57,20])
r = stats.chisquare(o)
print("equal:", o, "sum", o.sum(), "E", o.sum()/6, repr(r.statistic), repr(r.pvalue), "df", len(o)-1)
print("  mp p:", mp.nstr(chi2sf_mp(mpf(r.statistic), 5), 20))
# exact statistic as rational
E = mpf(200)/6
print("  mp stat:", mp.nstr(sum((mpf(int(x))-E)**2/E for x in o),25))
o2 = np.array([18,55,27]); p = np.array([0.25,0.5,0.25]); e2 = p*o2.sum()
r2 = stats.chisquare(o2, e2)
print("props:", o2, e2, repr(r2.statistic), repr(r2.pvalue), "mp p", mp.nstr(chi2sf_mp(mpf(r2.statistic),2),20))
# R doc examples
x = np.array([20,15,25]); r3 = stats.chisquare(x); print("R doc x=c(A=20,B=15,C=25):", repr(r3.statistic), repr(r3.pvalue))
x = np.array([89,37,30,28,2]); p = np.array([40,20,20,15,5])/100.; r4 = stats.chisquare(x, p*x.sum()); print("R doc 89,37,30,28,2 p=.4,.2,.2,.15,.05:", repr(r4.statistic), repr(r4.pvalue))
p = np.array([0.40,0.20,0.20,0.19,0.01]); r5 = stats.chisquare(x, p*x.sum()); print("  p=.40,.20,.20,.19,.01:", repr(r5.statistic), repr(r5.pvalue))
# scipy doc example
r6 = stats.chisquare([16, 18, 16, 14, 12, 12]); print("scipy doc [16,18,16,14,12,12]:", repr(r6.statistic), repr(r6.pvalue))
r7 = stats.chisquare([16, 18, 16, 14, 12, 12], f_exp=[16, 16, 16, 16, 16, 8]); print("  f_exp=[16,16,16,16,16,8]:", repr(r7.statistic), repr(r7.pvalue))
