import numpy as np
from scipy import stats
from scipy.stats.contingency import association, expected_freq
from mpmath import mp, mpf, gammainc
mp.dps=40
def adjres(t):
    t = np.asarray(t, float); n=t.sum(); r=t.sum(1,keepdims=True); c=t.sum(0,keepdims=True)
    E = r@c/n
    return (t-E)/np.sqrt(E*(1-r/n)*(1-c/n)), (t-E)/np.sqrt(E), E
def mp_chi2(t):
    t=[[mpf(int(v)) for v in row] for row in t]; n=sum(sum(r) for r in t)
    R=[sum(r) for r in t]; C=[sum(t[i][j] for i in range(len(t))) for j in range(len(t[0]))]
    X=mpf(0)
    for i in range(len(t)):
        for j in range(len(t[0])):
            E=R[i]*C[j]/n; X+=(t[i][j]-E)**2/E
    df=(len(t)-1)*(len(t[0])-1)
    return X, gammainc(mpf(df)/2, X/2, mp.inf, regularized=True), df
tables = {
 "Agresti2007 party x gender (F: 762,327,468 / M: 484,239,477)": [[762,327,468],[484,239,477]],
 "Agresti CDA2002 Table3.11 GSS 1991 (F: 279,73,225 / M: 165,47,191)": [[279,73,225],[165,47,191]],
 "wizedu 2x3 (Male 36,45,25 / Female 51,38,13)": [[36,45,25],[51,38,13]],
 "Minitab 2x3 (28,18,4 / 22,27,1)": [[28,18,4],[22,27,1]],
 "PSU STAT504 3x3 GSS vote x view (70,324,56 / 195,332,101 / 382,199,117)": [[70,324,56],[195,332,101],[382,199,117]],
 "hand 3x3 (10,20,30 / 20,20,20 / 30,20,10)": [[10,20,30],[20,20,20],[30,20,10]],
}
for name,t in tables.items():
    t=np.array(t)
    chi2,p,dof,E = stats.chi2_contingency(t, correction=False)
    X, pm, df = mp_chi2(t)
    ar, pr, E2 = adjres(t)
    g = stats.chi2_contingency(t, correction=False, lambda_="log-likelihood")
    print("==", name)
    print("  n=",t.sum()," X2=",repr(chi2)," mpX2=",mp.nstr(X,20)," df=",dof," p=",repr(p)," mp p=",mp.nstr(pm,20))
    print("  G2=",repr(g.statistic)," pG=",repr(g.pvalue))
    print("  expected=\n", np.array2string(E, precision=12, separator=', ', max_line_width=200))
    print("  pearson resid=\n", np.array2string(pr, precision=12, separator=', ', max_line_width=200))
    print("  adjusted (Haberman) resid=\n", np.array2string(ar, precision=12, separator=', ', max_line_width=200))
    V = association(t, method='cramer'); 
    k=min(t.shape)
    print("  Cramer V=",repr(V)," check sqrt(X2/(n(k-1)))=",repr(np.sqrt(chi2/(t.sum()*(k-1)))), " mp V=", mp.nstr(mp.sqrt(X/(sum(map(int,t.flatten()))*(k-1))),20))
    # bias-corrected Cramer V (Bergsma 2013)
    n=t.sum(); r,c=t.shape; phi2=chi2/n
    phi2c=max(0,phi2-(r-1)*(c-1)/(n-1)); rc=r-(r-1)**2/(n-1); cc=c-(c-1)**2/(n-1)
    print("  bias-corrected V (Bergsma)=", repr(np.sqrt(phi2c/min(rc-1,cc-1))))
    if t.shape==(2,2) or True:
        pass
# 2x2 with/without Yates for reference
t=np.array([[12,5],[7,7]])
print("R doc x=matrix(c(12,5,7,7),ncol=2): Yates", stats.chi2_contingency(t,correction=True)[:2], " noYates", stats.chi2_contingency(t,correction=False)[:2], "V", association(t,method='cramer'))
