import numpy as np
from mpmath import mp, mpf, sqrt as msqrt
from statsmodels.stats.proportion import proportion_confint
from scipy.stats import norm
mp.dps = 40
Z = 1.959963984540054
print("norm.isf(0.025) =", repr(norm.isf(0.025)), repr(norm.ppf(0.975)))
def wilson(x, n, z=Z):
    p = x/n
    den = 1 + z*z/n
    c = p + z*z/(2*n)
    h = z*np.sqrt(p*(1-p)/n + z*z/(4*n*n))
    return (c-h)/den, (c+h)/den, c/den, h/den
def wilson_mp(x, n, z=mpf('1.959963984540054')):
    x = mpf(x); n = mpf(n); p = x/n
    den = 1 + z*z/n
    c = p + z*z/(2*n)
    h = z*msqrt(p*(1-p)/n + z*z/(4*n*n))
    return (c-h)/den, (c+h)/den
cases = [(81,263),(15,148),(0,20),(1,29),(0,10),(10,10),(1,1),(5,20),(29,29)]
for x,n in cases:
    lo,hi,ctr,half = wilson(x,n)
    sl,sh = proportion_confint(x,n,alpha=0.05,method='wilson')
    ml,mh = wilson_mp(x,n)
    print(f"{x}/{n}: lo={lo:.17g} hi={hi:.17g} centre={ctr:.17g} half={half:.17g} | statsmodels lo={sl:.17g} hi={sh:.17g} | mp lo={mp.nstr(ml,20)} hi={mp.nstr(mh,20)}")
# effective n
for p,n in [(0.3,123.4)]:
    lo,hi,ctr,half = wilson(p*n,n)
    ml,mh = wilson_mp(mpf('0.3')*mpf('123.4'), mpf('123.4'))
    print(f"p={p} neff={n}: lo={lo:.17g} hi={hi:.17g} | mp lo={mp.nstr(ml,20)} hi={mp.nstr(mh,20)}")
