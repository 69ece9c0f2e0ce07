from mpmath import mp, mpf, binomial, findroot, log, exp
mp.dps = 50
def setup(t):
    a,b = t[0]; c,d = t[1]
    m=a+c; n=b+d; k=a+b   # R: m = sum(x[,1]), n = sum(x[,2]), k = sum(x[1,])
    lo=max(0,k-n); hi=min(k,m)
    sup=list(range(lo,hi+1))
    logdc=[log(binomial(m,s))+log(binomial(n,k-s)) for s in sup]
    return a,sup,logdc
def dn(sup,logdc,ncp):
    w=[exp(l+ s*log(ncp)) for l,s in zip(logdc,sup)]
    S=sum(w); return [x/S for x in w]
def mean(sup,logdc,ncp): 
    d=dn(sup,logdc,ncp); return sum(s*p for s,p in zip(sup,d))
def pn(sup,logdc,x,ncp,upper=False):
    d=dn(sup,logdc,ncp); return sum(p for s,p in zip(sup,d) if (s>=x if upper else s<=x))
def solve_logt(f, lo=-40, hi=40):
    # bisection on log(ncp)
    flo=f(exp(lo)); 
    for _ in range(400):
        mid=(lo+hi)/2; fm=f(exp(mid))
        if (fm>0)==(flo>0): lo=mid; flo=fm
        else: hi=mid
    return exp((lo+hi)/2)
for name,t in [("TeaTasting",[[3,1],[1,3]]),("Convictions",[[2,15],[10,3]])]:
    x,sup,logdc=setup(t)
    mle = solve_logt(lambda r: mean(sup,logdc,r)-x)
    a2=mpf('0.025'); a1=mpf('0.05')
    U2 = solve_logt(lambda r: pn(sup,logdc,x,r)-a2)
    L2 = solve_logt(lambda r: pn(sup,logdc,x,r,True)-a2)
    U1 = solve_logt(lambda r: pn(sup,logdc,x,r)-a1)
    L1 = solve_logt(lambda r: pn(sup,logdc,x,r,True)-a1)
    print(name,"cond MLE OR=",mp.nstr(mle,15)," two-sided 95% CI=(",mp.nstr(L2,15),",",mp.nstr(U2,15),")  one-sided 95%: greater lower=",mp.nstr(L1,15)," less upper=",mp.nstr(U1,15))
