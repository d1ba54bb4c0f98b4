{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Sécurité du compte]]</h1>
<h2>[[Double authentification]]</h2>
{{#ENABLED}}<p>[[Active : un code de votre application est demandé après le mot de passe.]]</p>
<p>[[Codes de secours encore utilisables :]] {{LEFT}}</p>
<p>[[Pour changer de téléphone ou obtenir de nouveaux codes de secours, demandez à un administrateur de votre commune de réinitialiser votre double authentification : vous l'activerez de nouveau à la connexion suivante.]]</p>{{/ENABLED}}
{{#DISABLED}}<p>[[Non active : votre compte n'est protégé que par son mot de passe.]]</p>
<p class="actions"><a class="button" href="/agent/securite/activer">[[Activer la double authentification]]</a></p>{{/DISABLED}}
<h2>[[Session]]</h2>
<p>[[Votre session se ferme après 30 minutes sans activité, et au plus tard 12 heures après la connexion.]]</p>
{{>FOOTER}}
