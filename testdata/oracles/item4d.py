import numpy as np, time, math
from math import lgamma, exp, log, fsum
Job = np.array([1,2,1,0, 3,3,6,1, 10,10,14,9, 6,7,12,11]).reshape(4,4).T
def lf(n): return lgamma(n+1)
def fisher_rxc(T, rel=1e-7):
    T=np.asarray(T); R=T.sum(1); C=T.sum(0); N=T.sum()
    const = fsum([lf(r) for r in R]+[lf(c) for c in C]+[-lf(N)])
    lpobs = const - fsum(lf(v) for v in T.flatten())
    nc=len(C)
    def compositions(total, caps):
        if len(caps)==1:
            if total<=caps[0]: yield (total,)
            return
        for v in range(min(total,caps[0])+1):
            rest=total-v
            if rest <= sum(caps[1:]):
                for tail in compositions(rest, caps[1:]): yield (v,)+tail
    thr = lpobs + log(1+rel)
    outer_all=[]; outer_sig=[]; le_count=0
    def rec(j, rem, acc, bucket_all, bucket_sig):
        nonlocal le_count
        if j==nc-1:
            lp = const + acc - sum(lf(v) for v in rem)
            p = exp(lp); bucket_all.append(p)
            if lp <= thr: bucket_sig.append(p); le_count+=1
            return
        for col in compositions(C[j], list(rem)):
            if j==nc-3:
                ba=[]; bs=[]
                rec(j+1, tuple(r-v for r,v in zip(rem,col)), acc - sum(lf(v) for v in col), ba, bs)
                outer_all.append(fsum(ba)); outer_sig.append(fsum(bs))
            else:
                rec(j+1, tuple(r-v for r,v in zip(rem,col)), acc - sum(lf(v) for v in col), bucket_all, bucket_sig)
    rec(0, tuple(R), 0.0, None, None)
    return exp(lpobs), fsum(outer_sig), fsum(outer_all), le_count
t0=time.time()
pobs,p,tot,le = fisher_rxc(Job)
print("Job: P(obs)=",repr(pobs)," p=",repr(p)," total=",repr(tot)," p/total=",repr(p/tot)," n tables with P<=Pobs:",le," secs",time.time()-t0)
