{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Droits des personnes]]</h1>
<p>[[Pour une demande d'accès ou d'effacement : retrouvez la personne, consultez ou exportez tout ce que la plateforme conserve d'elle, puis effacez-le si elle le demande.]]</p>
{{#NOTICE}}<p class="notice" role="status">{{MESSAGE}}</p>{{/NOTICE}}
{{#FORM_ERRORS}}<div class="alert" role="alert"><ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul></div>{{/FORM_ERRORS}}
<form action="/agent/personne" method="get" class="card">
<div class="field"><label for="reference">[[Référence du rendez-vous]]</label>
{{#ERR_REFERENCE}}<p class="error">{{E_REFERENCE}}</p>{{/ERR_REFERENCE}}
<input id="reference" name="reference" type="text" maxlength="12" value="{{V_REFERENCE}}"></div>
<p>[[ou]]</p>
<div class="field"><label for="nom">[[Nom]]</label>
{{#ERR_NOM}}<p class="error">{{E_NOM}}</p>{{/ERR_NOM}}
<input id="nom" name="nom" type="text" maxlength="100" value="{{V_NOM}}"></div>
<div class="field"><label for="naissance">[[Date de naissance (JJ/MM/AAAA)]]</label>
{{#ERR_NAISSANCE}}<p class="error">{{E_NAISSANCE}}</p>{{/ERR_NAISSANCE}}
<input id="naissance" name="naissance" type="text" maxlength="10" value="{{V_NAISSANCE}}"></div>
<p>[[ou]]</p>
<div class="field"><label for="telephone">[[Téléphone]]</label>
{{#ERR_TELEPHONE}}<p class="error">{{E_TELEPHONE}}</p>{{/ERR_TELEPHONE}}
<input id="telephone" name="telephone" type="tel" maxlength="20" value="{{V_TELEPHONE}}"></div>
<div class="field"><label for="email">[[Adresse électronique]]</label>
{{#ERR_EMAIL}}<p class="error">{{E_EMAIL}}</p>{{/ERR_EMAIL}}
<input id="email" name="email" type="email" maxlength="254" value="{{V_EMAIL}}"></div>
<p class="actions"><button type="submit" class="button">[[Rechercher]]</button></p>
</form>
{{#RESULTS}}
<h2>[[Rendez-vous trouvés :]] {{COUNT}}</h2>
{{#NONE}}<p>[[Aucun rendez-vous de votre périmètre ne correspond (les rendez-vous déjà anonymisés ne contiennent plus rien de la personne).]]</p>{{/NONE}}
{{#BOOKING}}<section class="card">
<h3>{{REF}} — {{PROCEDURE}}, {{START}} (UTC)</h3>
<ul>
<li>[[État :]] {{STATUS}}{{#ACTIVE}} ([[à venir]]){{/ACTIVE}}</li>
<li>[[Lieu :]] {{SITE}}, {{COMMUNE}}</li>
<li>[[Canal :]] {{CHANNEL}} — [[créé le]] {{CREATED}} (UTC)</li>
<li>[[Téléphone :]] {{PHONE}} — [[Courriel :]] {{EMAIL}} — [[Commune de résidence (INSEE) :]] {{HOME}}</li>
</ul>
<h4>[[Personnes]]</h4>
<ul>{{#PERSON}}<li>{{LAST}} {{FIRST}}, [[née ou né le]] {{BIRTH}} — [[pré-demande :]] {{PREDEMANDE}}</li>{{/PERSON}}</ul>
<h4>[[Messages]]</h4>
<ul>{{#MESSAGE}}<li>{{AT}} — {{KIND}} ({{CHANNEL}}) [[à]] {{TO}} : {{BODY}}</li>{{/MESSAGE}}</ul>
</section>
{{/BOOKING}}
{{#EXPORT}}<p><a href="{{URL}}">[[Exporter ces données (JSON)]]</a></p>{{/EXPORT}}
{{#ERASE_BLOCKED}}<p class="alert" role="alert">[[Un rendez-vous est encore à venir : annulez-le d'abord, puis effacez les données.]]</p>{{/ERASE_BLOCKED}}
{{#ERASE}}<form action="/agent/personne/effacer" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="reference" value="{{V_REFERENCE}}">
<input type="hidden" name="nom" value="{{V_NOM}}">
<input type="hidden" name="naissance" value="{{V_NAISSANCE}}">
<input type="hidden" name="telephone" value="{{V_TELEPHONE}}">
<input type="hidden" name="email" value="{{V_EMAIL}}">
<div class="field"><input id="confirmer" name="confirmer" type="checkbox" value="1">
<label for="confirmer">[[J'ai vérifié l'identité de la personne et je confirme l'effacement de ces données (définitif)]]</label></div>
<p class="actions"><button type="submit" class="button">[[Effacer les données]]</button></p>
</form>{{/ERASE}}
{{/RESULTS}}
{{>FOOTER}}
