{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Personnel]]</h1>
{{#NOTICE}}<p class="notice" role="status">{{MESSAGE}}</p>{{/NOTICE}}
<table>
<thead><tr><th scope="col">[[Nom]]</th><th scope="col">[[Adresse]]</th><th scope="col">[[Rôle]]</th><th scope="col">[[Commune]]</th><th scope="col">[[Dernière connexion]]</th><th scope="col">[[Double authentification]]</th><th scope="col">[[Action]]</th></tr></thead>
<tbody>
{{#STAFF}}<tr><th scope="row">{{NAME}}</th><td>{{EMAIL}}</td><td>{{ROLE}}</td><td>{{COMMUNE}}</td><td>{{LAST_LOGIN}}</td><td>{{#TOTP_ON}}[[active]]{{/TOTP_ON}}{{#TOTP_OFF}}[[non]]{{/TOTP_OFF}}</td>
<td>{{#DISABLED}}[[désactivé]]{{/DISABLED}}{{#CAN_DISABLE}}<form action="/agent/personnel/{{ID}}/desactiver" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="link">[[Désactiver]] {{NAME}}</button></form>{{/CAN_DISABLE}}{{#CAN_RESET_MFA}}<form action="/agent/personnel/{{ID}}/mfa" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="link">[[Réinitialiser la double authentification de]] {{NAME}}</button></form>{{/CAN_RESET_MFA}}</td></tr>
{{/STAFF}}
</tbody>
</table>
<h2>[[Inviter une personne]]</h2>
{{#FORM_ERRORS}}<div class="alert" role="alert"><ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul></div>{{/FORM_ERRORS}}
<form action="/agent/personnel" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="nom">[[Nom]]</label>{{#ERR_NOM}}<p class="error">{{E_NOM}}</p>{{/ERR_NOM}}<input id="nom" name="nom" type="text" maxlength="120" value="{{V_NOM}}"></div>
<div class="field"><label for="email">[[Adresse électronique]]</label>{{#ERR_EMAIL}}<p class="error">{{E_EMAIL}}</p>{{/ERR_EMAIL}}<input id="email" name="email" type="email" maxlength="254" value="{{V_EMAIL}}"></div>
<div class="field"><label for="role">[[Rôle]]</label>{{#ERR_ROLE}}<p class="error">{{E_ROLE}}</p>{{/ERR_ROLE}}
<select id="role" name="role"><option value="agent">[[Agent]]</option><option value="commune_admin">[[Administration communale]]</option><option value="partner">[[Mairie partenaire]]</option>{{#PLATFORM_ROLES}}<option value="helpdesk">[[Opérateur du centre d'assistance (sans commune)]]</option><option value="technique">[[Équipe technique (plateforme)]]</option>{{/PLATFORM_ROLES}}</select></div>
{{#PLATFORM}}<div class="field"><label for="commune">[[Commune]]</label>{{#ERR_COMMUNE}}<p class="error">{{E_COMMUNE}}</p>{{/ERR_COMMUNE}}
<select id="commune" name="commune">{{#COMMUNE_OPTION}}<option value="{{ID}}">{{NAME}}</option>{{/COMMUNE_OPTION}}</select></div>{{/PLATFORM}}
<p class="actions"><button type="submit" class="button">[[Envoyer l'invitation]]</button></p>
</form>
{{>FOOTER}}
