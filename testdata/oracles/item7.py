import numpy as np
from mpmath import mp, mpf, sqrt as msqrt
from scipy.optimize import fsolve
np.set_printoptions(precision=15, linewidth=200)
mp.dps=40
def ipf_table(seed, rt, ct, iters=2000, order="rows-first"):
    x=np.array(seed,float)
    for _ in range(iters):
        if order=="rows-first":
            x*= (np.array(rt)/x.sum(1))[:,None]; x*= (np.array(ct)/x.sum(0))[None,:]
        else:
            x*= (np.array(ct)/x.sum(0))[None,:]; x*= (np.array(rt)/x.sum(1))[:,None]
    return x
# A) 2x2 closed form (apophenia/Klemens example): seed [[7,9],[12,7]], rows [5,15], cols [10,10]
x=ipf_table([[7,9],[12,7]],[5,15],[10,10])
a = (-1275+msqrt(mpf(2203825)))/118
print("A) 2x2 IPF:\n",x, "\n closed form x11 =", mp.nstr(a,25), " x12=",mp.nstr(5-a,25)," x21=",mp.nstr(10-a,25)," x22=",mp.nstr(5+a,25))
# B) Wikipedia-style 4x4
seed=[[40,30,20,10],[35,50,100,75],[30,80,70,120],[20,30,40,50]]
xb=ipf_table(seed,[150,300,400,150],[200,300,400,100],5000)
xb2=ipf_table(seed,[150,300,400,150],[200,300,400,100],5000,"cols-first")
print("B) 4x4 IPF converged:\n",xb,"\n max diff vs cols-first order:",np.abs(xb-xb2).max())
print("   1 iteration (rows then cols):\n", ipf_table(seed,[150,300,400,150],[200,300,400,100],1))
# C) respondent-level survey raking example
# respondents: (sex, age, base weight, y)
resp = [
 ("M","18-34",1.0,1),("M","18-34",1.0,0),("M","18-34",1.0,1),
 ("M","35-54",1.0,0),("M","35-54",1.0,0),("M","35-54",1.0,1),("M","35-54",1.0,1),
 ("M","55+",1.0,0),("M","55+",1.0,0),("M","55+",1.0,1),("M","55+",1.0,0),("M","55+",1.0,0),
 ("F","18-34",1.0,1),("F","18-34",1.0,1),
 ("F","35-54",1.0,1),("F","35-54",1.0,0),("F","35-54",1.0,1),
 ("F","55+",1.0,0),("F","55+",1.0,1),("F","55+",1.0,0),
]
n=len(resp)
sex_t={"M":0.49,"F":0.51}; age_t={"18-34":0.30,"35-54":0.33,"55+":0.37}
def rake(resp, sex_t, age_t, total, iters=1000, tol=0.0):
    w=np.array([r[2] for r in resp],float)
    sx=np.array([r[0] for r in resp]); ag=np.array([r[1] for r in resp])
    for it in range(iters):
        for k,p in sex_t.items(): m=sx==k; w[m]*=p*total/w[m].sum()
        for k,p in age_t.items(): m=ag==k; w[m]*=p*total/w[m].sum()
    return w
w=rake(resp,sex_t,age_t,n)
print("C) equal base weights, n=",n," weights (sum to n):")
for r,wi in zip(resp,w): print("   ",r[0],r[1],"y=",r[3],"w=",repr(wi))
# closed-form-ish check: solve a_s*b_a*N_sa margins with fsolve at high precision via mpmath Newton
from mpmath import findroot, matrix
N={("M","18-34"):3,("M","35-54"):4,("M","55+"):5,("F","18-34"):2,("F","35-54"):3,("F","55+"):3}
S=["M","F"];A=["18-34","35-54","55+"]
def eqs(aM,aF,b1,b2,b3):
    a={"M":aM,"F":aF}; b=dict(zip(A,[b1,b2,b3]))
    e=[sum(a[s]*b[g]*N[(s,g)] for g in A)-mpf(str(sex_t[s]))*20 for s in S]
    e+=[sum(a[s]*b[g]*N[(s,g)] for s in S)-mpf(str(age_t[g]))*20 for g in A]
    return e
# normalisation: fix aM=1 (scale indeterminacy) -> 4 unknowns, use 4 independent eqs
def eqs4(aF,b1,b2,b3):
    e=eqs(mpf(1),aF,b1,b2,b3); return [e[0],e[1],e[2],e[3]]
sol=findroot(eqs4,(1,1,1,1))
aF,b1,b2,b3=sol
b=dict(zip(A,[b1,b2,b3])); a={"M":mpf(1),"F":aF}
print("  mpmath solve: per-respondent weight by cell:")
for s in S:
    for g in A: print("    ",s,g,mp.nstr(a[s]*b[g],22))
W=np.array(w)
sw=W.sum(); sw2=(W**2).sum()
print("  sum w=",repr(sw)," sum w^2=",repr(sw2))
print("  Kish deff = n*sum(w^2)/(sum w)^2 =",repr(n*sw2/sw**2)," n_eff=(sum w)^2/sum(w^2) =",repr(sw**2/sw2), " CV^2 (pop var/mean^2) =", repr(W.var()/W.mean()**2))
# high precision deff
wm=[a[r[0]]*b[r[1]] for r in resp]
s1=sum(wm); s2=sum(x*x for x in wm)
print("  mp: deff=",mp.nstr(n*s2/s1**2,22)," n_eff=",mp.nstr(s1**2/s2,22))
# Item 8: weighted percentage of y and weighted Wilson with n_eff
y=np.array([r[3] for r in resp])
pw=(W*y).sum()/sw; pu=y.mean()
z=1.959963984540054
def wilson(p,n):
    den=1+z*z/n; c=p+z*z/(2*n); h=z*np.sqrt(p*(1-p)/n+z*z/(4*n*n)); return (c-h)/den,(c+h)/den
neff=sw**2/sw2
print("ITEM8 unweighted p=",pu," weighted p=",repr(pw))
ym=[mpf(r[3]) for r in resp]; pwm=sum(x*yy for x,yy in zip(wm,ym))/s1; neffm=s1**2/s2
zm=mpf('1.959963984540054')
def wilson_mp(p,n):
    den=1+zm*zm/n; c=p+zm*zm/(2*n); h=zm*msqrt(p*(1-p)/n+zm*zm/(4*n*n)); return (c-h)/den,(c+h)/den
print("  mp weighted p=",mp.nstr(pwm,22)," n_eff=",mp.nstr(neffm,22))
lo,hi=wilson_mp(pwm,neffm); print("  weighted Wilson (p_w, n_eff):",mp.nstr(lo,20),mp.nstr(hi,20))
lo,hi=wilson_mp(pwm,mpf(n)); print("  Wilson with nominal n=20 (for contrast):",mp.nstr(lo,20),mp.nstr(hi,20))
# subgroup example: among F only
mF=np.array([r[0]=="F" for r in resp])
WF=W[mF]; yF=y[mF]
print("  subgroup F: weighted p=",repr((WF*yF).sum()/WF.sum())," n_eff(sub)=",repr(WF.sum()**2/(WF**2).sum()), " weighted share of F =", repr(WF.sum()/sw))
wmF=[x for x,r in zip(wm,resp) if r[0]=="F"]; ymF=[mpf(r[3]) for r in resp if r[0]=="F"]
pF=sum(x*yy for x,yy in zip(wmF,ymF))/sum(wmF); neF=sum(wmF)**2/sum(x*x for x in wmF)
lo,hi=wilson_mp(pF,neF); print("  subgroup F mp: p=",mp.nstr(pF,22)," n_eff=",mp.nstr(neF,22)," Wilson:",mp.nstr(lo,20),mp.nstr(hi,20))
